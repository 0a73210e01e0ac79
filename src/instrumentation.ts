/**
 * Runs once when a Next server starts (not during `next build`). A production server with missing or
 * invalid settings refuses to start, naming every one of them, instead of failing later on a request.
 */
export async function register() {
  const { env, productionEnvMessage, productionEnvProblems, rawEnv } = await import("./env");
  if (env.NEXT_RUNTIME !== "nodejs" || env.NODE_ENV !== "production" || env.NEXT_PHASE === "phase-production-build") return;
  const problems = productionEnvProblems(rawEnv());
  if (problems.length === 0) return;
  process.stderr.write(`${productionEnvMessage(problems)}\n`);
  process.exit(1);
}
