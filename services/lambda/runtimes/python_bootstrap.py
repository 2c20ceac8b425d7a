"""motoc's runtime client for Lambda's python runtimes: loads the handler the way Lambda does and
serves invocations over the Lambda Runtime API (AWS_LAMBDA_RUNTIME_API) until motoc goes away."""
import decimal
import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
PREFIX = "/2018-06-01/runtime"


def request(method, path, body=None, headers=None):
    """One Runtime API call; motoc going away ends this environment."""
    try:
        conn = http.client.HTTPConnection(API, timeout=None)
        conn.request(method, PREFIX + path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp, data
    except (OSError, http.client.HTTPException):
        os._exit(0)


def error_body(error_type, message, stack=None, request_id=""):
    return json.dumps({"errorMessage": message, "errorType": error_type,
                       "requestId": request_id, "stackTrace": stack or []}).encode()


def post_error(path, error_type, message, stack=None, request_id=""):
    request("POST", path, error_body(error_type, message, stack, request_id),
            {"Content-Type": "application/json",
             "Lambda-Runtime-Function-Error-Type": error_type})


def init_failure(error_type, message, stack=None):
    print(f"[ERROR] {error_type}: {message}", flush=True)
    post_error("/init/error", error_type, message, stack)
    sys.exit(1)


def load_handler(spec):
    try:
        module_path, function_name = spec.rsplit(".", 1)
    except ValueError as e:
        init_failure("Runtime.MalformedHandlerName", f"Bad handler '{spec}': {e}")
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as e:
        init_failure("Runtime.UserCodeSyntaxError",
                     f"Syntax error in module '{module_name}': {e}",
                     [f'  File "{e.filename}" Line {e.lineno}\n    {(e.text or "").strip()}\n'])
    except ImportError as e:
        init_failure("Runtime.ImportModuleError",
                     f"Unable to import module '{module_name}': {e}")
    except Exception as e:  # noqa: BLE001 — whatever the module raises while loading
        init_failure(type(e).__name__, str(e), traceback.format_tb(e.__traceback__))
    handler = getattr(module, function_name, None)
    if handler is None:
        init_failure("Runtime.HandlerNotFound",
                     f"Handler '{function_name}' missing on module '{module_name}'")
    return handler


class ClientContext:
    def __init__(self, raw):
        self.client = raw.get("client")
        self.custom = raw.get("custom")
        self.env = raw.get("env")


class CognitoIdentity:
    def __init__(self, raw):
        self.cognito_identity_id = raw.get("cognitoIdentityId")
        self.cognito_identity_pool_id = raw.get("cognitoIdentityPoolId")


class LambdaContext:
    def __init__(self, request_id, deadline_ms, function_arn, client_context, identity):
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = os.environ["AWS_LAMBDA_FUNCTION_VERSION"]
        self.memory_limit_in_mb = os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
        self.log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
        self.client_context = ClientContext(json.loads(client_context)) if client_context else None
        self.identity = CognitoIdentity(json.loads(identity)) if identity else None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)


def to_json(value):
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class RequestIdFilter(logging.Filter):
    request_id = ""

    def filter(self, record):
        record.aws_request_id = RequestIdFilter.request_id
        return True


def configure_logging():
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(RequestIdFilter())
    formatter = logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
        "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(os.environ.get("AWS_LAMBDA_LOG_LEVEL", "INFO").upper() or "INFO")


def main():
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    configure_logging()
    handler = load_handler(os.environ["_HANDLER"])
    while True:
        resp, body = request("GET", "/invocation/next")
        request_id = resp.getheader("Lambda-Runtime-Aws-Request-Id")
        RequestIdFilter.request_id = request_id
        context = LambdaContext(request_id,
                                int(resp.getheader("Lambda-Runtime-Deadline-Ms", "0")),
                                resp.getheader("Lambda-Runtime-Invoked-Function-Arn"),
                                resp.getheader("Lambda-Runtime-Client-Context"),
                                resp.getheader("Lambda-Runtime-Cognito-Identity"))
        try:
            event = json.loads(body or b"{}")
            result = handler(event, context)
        except Exception as e:  # noqa: BLE001 — the function's error goes to its caller
            stack = traceback.format_list(traceback.extract_tb(e.__traceback__)[1:])
            message = str(e)
            print(f"[ERROR] {type(e).__name__}: {message}\nTraceback (most recent call last):\n"
                  + "".join(stack), flush=True)
            post_error(f"/invocation/{request_id}/error", type(e).__name__, message, stack,
                       request_id)
            continue
        try:
            payload = json.dumps(result, default=to_json).encode()
        except (TypeError, ValueError) as e:
            post_error(f"/invocation/{request_id}/error", "Runtime.MarshalError",
                       f"Unable to marshal response: {e}", None, request_id)
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        request("POST", f"/invocation/{request_id}/response", payload,
                {"Content-Type": "application/json"})


if __name__ == "__main__":
    main()
