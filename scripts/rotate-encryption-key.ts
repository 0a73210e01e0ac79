/**
 * `npm run secrets:rotate`: after setting a new ENCRYPTION_KEY and moving the old one into ENCRYPTION_KEYS,
 * re-encrypts every stored token and client secret with the new key. When it reports nothing unreadable,
 * the old key can be removed from ENCRYPTION_KEYS. See README › Deploy › Rotating ENCRYPTION_KEY.
 */
import { getDbHandle } from "~/server/db";
import { getEncryptionKey } from "~/server/security/keys";
import { keyId } from "~/server/security/encryption";
import { reencryptStoredSecrets } from "~/server/security/rotate-secrets";

const keyring = getEncryptionKey();
const handle = await getDbHandle();
try {
  const report = await reencryptStoredSecrets(handle.db, keyring);
  console.log(`Current key ${keyId(keyring.current)}; ${keyring.all.length - 1} former key(s) accepted for reading.`);
  console.log(`Re-encrypted ${report.reencrypted} value(s); ${report.current} already under the current key; cleared ${report.clearedAccessTokens} unreadable cached access token(s).`);
  if (report.unreadable.length > 0) {
    console.log(`Unreadable with every key given (add the key that wrote them to ENCRYPTION_KEYS and run again):`);
    for (const what of report.unreadable) console.log(`  - ${what}`);
    process.exitCode = 1;
  } else {
    console.log("Every stored secret is under the current key: the former keys can be removed from ENCRYPTION_KEYS.");
  }
} finally {
  await handle.close();
}
