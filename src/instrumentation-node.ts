import { env, productionEnvMessage, productionEnvProblems, rawEnv } from "./env";

/** A production server with missing or invalid settings refuses to start, naming every one of them. */
export function refuseToStartWithoutSettings(): void {
  if (env.NODE_ENV !== "production" || env.NEXT_PHASE === "phase-production-build") return;
  const problems = productionEnvProblems(rawEnv());
  if (problems.length === 0) return;
  process.stderr.write(`${productionEnvMessage(problems)}\n`);
  process.exit(1);
}
