// Lambda through @aws-sdk/client-lambda with no endpoint, region or keys of its own (motoc-run
// provides them): invokes a function another process made, synchronously with the log tail and
// as an event, and asks for one that does not exist. Prints one JSON line of what it saw.
// argv: function name, a JSON payload.
import { LambdaClient, InvokeCommand, GetFunctionCommand } from "@aws-sdk/client-lambda";

const [name, payload] = process.argv.slice(2);
const lambda = new LambdaClient({ maxAttempts: 1 });
const out = {};

const answer = await lambda.send(new InvokeCommand({
  FunctionName: name, Payload: new TextEncoder().encode(payload), LogType: "Tail",
}));
out.status = answer.StatusCode;
out.functionError = answer.FunctionError ?? null;
out.payload = JSON.parse(new TextDecoder().decode(answer.Payload));
out.logHasReport = Buffer.from(answer.LogResult, "base64").toString().includes("REPORT RequestId:");
out.executedVersion = answer.ExecutedVersion;

const queued = await lambda.send(new InvokeCommand({
  FunctionName: name, InvocationType: "Event", Payload: new TextEncoder().encode(payload),
}));
out.eventStatus = queued.StatusCode;

try {
  await lambda.send(new GetFunctionCommand({ FunctionName: `${name}-missing` }));
  out.missing = null;
} catch (e) {
  out.missing = { name: e.name, status: e.$metadata.httpStatusCode };
}
console.log(JSON.stringify(out));
