// Calls STS GetCallerIdentity with the AWS SDK v3 and prints the outcome as one JSON line:
// {"ok": true, "identity": {...}} or {"ok": false, "status": 403, "code": "...", "message": "..."}.
// The endpoint protocol comes from argv[2] ("http" while motoc has no TLS, "https" after).
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";

const protocol = process.argv[2] || "https";
const config = { maxAttempts: 1 };
if (protocol === "http") {
  // Only the scheme changes: the host is still STS's own, resolved and reached through motoc.
  config.endpoint = "http://sts.amazonaws.com";
}
const client = new STSClient(config);
try {
  const out = await client.send(new GetCallerIdentityCommand({}));
  console.log(JSON.stringify({ ok: true, identity: { Account: out.Account, Arn: out.Arn, UserId: out.UserId } }));
} catch (err) {
  console.log(JSON.stringify({
    ok: false,
    status: err.$metadata?.httpStatusCode ?? null,
    code: err.name ?? err.Code ?? null,
    message: err.message,
  }));
}
