// motoc's runtime client for Lambda's nodejs runtimes: loads the handler the way Lambda does
// (CommonJS or ES module, async or callback) and serves invocations over the Lambda Runtime API
// (AWS_LAMBDA_RUNTIME_API) until motoc goes away.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const url = require('url');
const util = require('util');

const [apiHost, apiPort] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const PREFIX = '/2018-06-01/runtime';
let currentRequestId = '';

// Lambda's Node runtime marks a streaming handler with this symbol; code that checks for
// streaming the way the runtime does finds it here too.
const STREAMING_MARK = Symbol.for('aws.lambda.runtime.handler.streaming');
// A function URL reads an answer of this type as a JSON prelude (status, headers, cookies), eight
// NUL bytes, then the body.
const HTTP_INTEGRATION_TYPE = 'application/vnd.awslambda.http-integration-response';
const PRELUDE_DELIMITER = Buffer.alloc(8);

class HttpResponseStream {
  static from(stream, prelude) {
    stream.setContentType(HTTP_INTEGRATION_TYPE);
    stream.setPrelude(Buffer.concat([Buffer.from(JSON.stringify(prelude || {})),
                                     PRELUDE_DELIMITER]));
    return stream;
  }
}

global.awslambda = {
  streamifyResponse(handler) {
    handler[STREAMING_MARK] = 'response';
    return handler;
  },
  HttpResponseStream,
};

function call(method, route, body, headers) {
  return new Promise((resolve) => {
    const req = http.request({host: apiHost, port: apiPort, method, path: PREFIX + route,
                              headers: Object.assign({}, headers || {}), agent: false},
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({res, body: Buffer.concat(chunks)}));
        res.on('error', () => process.exit(0));
      });
    req.on('error', () => process.exit(0)); // motoc went away: this environment ends
    if (body !== undefined) req.end(body); else req.end();
  });
}

function errorBody(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  return JSON.stringify({errorType: e.name || 'Error', errorMessage: e.message,
                         trace: String(e.stack || '').split('\n')});
}

function postError(route, errorType, body) {
  return call('POST', route, body, {'Content-Type': 'application/json',
                                    'Lambda-Runtime-Function-Error-Type': errorType});
}

function patchConsole() {
  const levels = {log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG',
                  trace: 'TRACE'};
  for (const [method, level] of Object.entries(levels)) {
    console[method] = (...args) => {
      const line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t` +
        util.format(...args).replace(/\n/g, '\r');
      process.stdout.write(line + '\n');
    };
  }
}

async function initFailure(errorType, message) {
  const body = JSON.stringify({errorType, errorMessage: message, trace: []});
  process.stdout.write(`${new Date().toISOString()}\tundefined\tERROR\t${body}\n`);
  await postError('/init/error', errorType, body);
  process.exit(1);
}

async function loadHandler(spec) {
  const root = process.env.LAMBDA_TASK_ROOT;
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) return initFailure('Runtime.MalformedHandlerName', `Bad handler ${spec}`);
  const modulePath = spec.slice(0, dot);
  const names = spec.slice(dot + 1).split('.');
  let module;
  try {
    const base = path.resolve(root, modulePath);
    const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f) => fs.existsSync(f));
    if (!file) {
      return initFailure('Runtime.ImportModuleError',
        `Error: Cannot find module '${modulePath}'\nRequire stack:\n- ${__filename}`);
    }
    if (file.endsWith('.cjs') || (file.endsWith('.js') && !isEsmPackage(path.dirname(file)))) {
      module = require(file);
    } else {
      module = await import(url.pathToFileURL(file).href);
    }
  } catch (e) {
    const type = e instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' :
      e && e.code === 'MODULE_NOT_FOUND' ? 'Runtime.ImportModuleError' : (e.name || 'Error');
    return initFailure(type, `${e.name}: ${e.message}`);
  }
  let handler = module;
  for (const n of names) handler = handler == null ? undefined : handler[n];
  if (handler === undefined && module && module.default) {
    handler = module.default;
    for (const n of names) handler = handler == null ? undefined : handler[n];
  }
  if (typeof handler !== 'function') {
    return initFailure('Runtime.HandlerNotFound', `${spec} is undefined or not exported`);
  }
  return handler;
}

function isEsmPackage(dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    const pkg = path.join(d, 'package.json');
    if (fs.existsSync(pkg)) {
      try { return JSON.parse(fs.readFileSync(pkg, 'utf8')).type === 'module'; } catch (e) {
        return false;
      }
    }
    if (d === path.dirname(d) || d === path.dirname(process.env.LAMBDA_TASK_ROOT)) return false;
  }
}

function makeContext(res, done) {
  const deadline = Number(res.headers['lambda-runtime-deadline-ms'] || 0);
  const clientContext = res.headers['lambda-runtime-client-context'];
  const identity = res.headers['lambda-runtime-cognito-identity'];
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: res.headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: res.headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: clientContext ? JSON.parse(clientContext) : undefined,
    identity: identity ? JSON.parse(identity) : undefined,
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    succeed: (v) => done(null, v),
    fail: (e) => done(e),
    done: (e, v) => done(e, v),
  };
}

function runHandler(handler, event, res) {
  return new Promise((resolve) => {
    let settled = false;
    const done = (err, value) => {
      if (settled) return;
      settled = true;
      resolve({err, value});
    };
    const context = makeContext(res, done);
    try {
      const out = handler(event, context, done);
      if (out && typeof out.then === 'function') out.then((v) => done(null, v), (e) => done(e));
      else if (handler.length < 3) done(null, out);
    } catch (e) {
      done(e);
    }
  });
}

// The answer as the Runtime API takes a streamed one: a chunked POST, one chunk per write, and an
// error after it as trailers. The request itself is the handler's writable stream.
function openResponseStream(requestId) {
  const req = http.request({
    host: apiHost, port: apiPort, method: 'POST', agent: false,
    path: `${PREFIX}/invocation/${requestId}/response`,
    headers: {'Lambda-Runtime-Function-Response-Mode': 'streaming',
              'Transfer-Encoding': 'chunked',
              'Content-Type': 'application/octet-stream',
              'Trailer': 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body'},
  });
  const answered = new Promise((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', resolve);
    });
  });
  req.on('error', () => process.exit(0));
  let prelude = null;
  let written = false;
  const rawWrite = req.write.bind(req);
  const rawEnd = req.end.bind(req);
  const beforeFirstWrite = () => {
    if (written) return;
    written = true;
    if (prelude) rawWrite(prelude);
  };
  req.setContentType = (type) => {
    if (written) throw new Error('Cannot set content-type, too late.');
    req.setHeader('Content-Type', type);
  };
  req.setPrelude = (bytes) => { prelude = bytes; };
  req.write = (chunk, encoding, callback) => {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) chunk = JSON.stringify(chunk);
    beforeFirstWrite();
    return rawWrite(chunk, encoding, callback);
  };
  req.end = (chunk, encoding, callback) => {
    if (typeof chunk === 'function') return req.end(undefined, undefined, chunk);
    if (chunk !== undefined && chunk !== null && chunk.length !== 0) req.write(chunk, encoding);
    beforeFirstWrite();
    return rawEnd(typeof encoding === 'function' ? encoding : callback);
  };
  const fail = (err) => {
    if (req.writableEnded) return;
    const doc = errorBody(err);
    req.addTrailers({'Lambda-Runtime-Function-Error-Type': JSON.parse(doc).errorType,
                     'Lambda-Runtime-Function-Error-Body': Buffer.from(doc).toString('base64')});
    rawEnd();
  };
  return {stream: req, answered, fail};
}

async function runStreaming(handler, event, res, requestId) {
  const {stream, answered, fail} = openResponseStream(requestId);
  try {
    await handler(event, stream, makeContext(res, () => {}));
    if (!stream.writableEnded) throw new Error('Response stream is not finished.');
  } catch (err) {
    console.error(`Invoke Error \t${errorBody(err)}`);
    fail(err);
  }
  await answered;
}

async function main() {
  patchConsole();
  const handler = await loadHandler(process.env._HANDLER);
  for (;;) {
    const {res, body} = await call('GET', '/invocation/next');
    const requestId = res.headers['lambda-runtime-aws-request-id'];
    currentRequestId = requestId;
    let event;
    try {
      event = JSON.parse(body.length ? body.toString('utf8') : '{}');
    } catch (e) {
      event = body.toString('utf8');
    }
    if (handler[STREAMING_MARK] === 'response') {
      await runStreaming(handler, event, res, requestId);
      continue;
    }
    const {err, value} = await runHandler(handler, event, res);
    if (err !== undefined && err !== null) {
      const payload = errorBody(err);
      console.error(`Invoke Error \t${payload}`);
      await postError(`/invocation/${requestId}/error`,
                      (err && err.name) || 'Error', payload);
      continue;
    }
    let payload;
    try {
      payload = JSON.stringify(value === undefined ? null : value);
    } catch (e) {
      await postError(`/invocation/${requestId}/error`, 'Runtime.MarshalError',
        JSON.stringify({errorType: 'Runtime.MarshalError',
                        errorMessage: `Unable to stringify response body: ${e.message}`}));
      continue;
    }
    await call('POST', `/invocation/${requestId}/response`, payload,
               {'Content-Type': 'application/json'});
  }
}

main();
