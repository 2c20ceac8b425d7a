// IAM and STS through @aws-sdk/client-iam and @aws-sdk/client-sts with no endpoint, region or
// keys of their own (motoc-run provides them): creates a role whose trust policy lets the account
// assume it, assumes it, and asks STS who the assumed-role credentials belong to. Prints one JSON
// line of what it saw; the Python test judges it.
// argv: name of the role to create, session name.
import { IAMClient, CreateRoleCommand, GetRoleCommand } from "@aws-sdk/client-iam";
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";

const [roleName, sessionName] = process.argv.slice(2);
const iam = new IAMClient({ maxAttempts: 1 });
const sts = new STSClient({ maxAttempts: 1 });

const caller = await sts.send(new GetCallerIdentityCommand({}));
const trust = {
  Version: "2012-10-17",
  Statement: [{
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${caller.Account}:root` },
    Action: "sts:AssumeRole",
  }],
};
const created = await iam.send(new CreateRoleCommand({
  RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust),
}));
const fetched = await iam.send(new GetRoleCommand({ RoleName: roleName }));
const assumed = await sts.send(new AssumeRoleCommand({
  RoleArn: created.Role.Arn, RoleSessionName: sessionName, DurationSeconds: 900,
}));
const asRole = new STSClient({
  maxAttempts: 1,
  credentials: {
    accessKeyId: assumed.Credentials.AccessKeyId,
    secretAccessKey: assumed.Credentials.SecretAccessKey,
    sessionToken: assumed.Credentials.SessionToken,
  },
});
const identity = await asRole.send(new GetCallerIdentityCommand({}));
console.log(JSON.stringify({
  caller: { account: caller.Account, arn: caller.Arn },
  role: { arn: created.Role.Arn, id: created.Role.RoleId, fetchedArn: fetched.Role.Arn },
  assumed: {
    arn: assumed.AssumedRoleUser.Arn,
    id: assumed.AssumedRoleUser.AssumedRoleId,
    keyId: assumed.Credentials.AccessKeyId,
    expiration: assumed.Credentials.Expiration.toISOString(),
  },
  identity: { account: identity.Account, arn: identity.Arn, userId: identity.UserId },
}));
