import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { urlSafeToken } from "./ids";

/**
 * RS256 signing for id_tokens, like Google's. The key is generated at start-up; its public half is served at
 * /oauth2/v1/certs (PEM, google-auth-library's `oauth2FederatedSignonPemCertsUrl`) and /oauth2/v3/certs (JWK),
 * so `OAuth2Client.verifyIdToken` works when pointed at the emulator.
 */
export class IdTokenSigner {
  readonly kid = urlSafeToken(12);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  sign(payload: Record<string, unknown>): string {
    const header = Buffer.from(JSON.stringify({ alg: "RS256", kid: this.kid, typ: "JWT" })).toString("base64url");
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    const signer = createSign("RSA-SHA256");
    signer.update(`${header}.${body}`);
    return `${header}.${body}.${signer.sign(this.privateKey).toString("base64url")}`;
  }

  pemCerts(): Record<string, string> {
    return { [this.kid]: this.publicKey.export({ type: "spki", format: "pem" }).toString() };
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [{ ...this.publicKey.export({ format: "jwk" }), kid: this.kid, alg: "RS256", use: "sig" }] };
  }
}
