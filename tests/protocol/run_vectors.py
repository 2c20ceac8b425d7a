#!/usr/bin/env python3
"""Checks motoc's protocol layer against botocore's protocol test vectors, in reverse.

input vectors:  vector_tool decodes each case's `serialized` request; the params tree it prints
                must equal the case's `params` (after normalising the tree conventions of
                services/core/protocol.h: blobs base64, timestamps epoch numbers, ...).
output vectors: vector_tool encodes each case's `result` (or error); botocore's own response
                parser must read that response back to `result`, compared the way botocore's
                tests/unit/test_protocols.py compares.

usage: run_vectors.py [--protocol NAME] [-v] [--legacy] [VECTOR_TOOL]
  VECTOR_TOOL defaults to $VECTOR_TOOL; the vectors are read from $PROTOCOL_TESTS_DIR, by default
  tests/protocol/vectors (botocore's, copied unchanged). --protocol takes a file name without .json
  (json_1_0, smithy-rpc-v2-cbor-query-compatible) or a protocol name (json, rest-xml), which
  selects every file of that protocol. Cases botocore ignores and those in skips.json are skipped.
The last line is "N passed, M failed, K skipped"; the exit status is 1 when anything failed.
"""

import argparse
import base64
import copy
import glob
import json
import math
import os
import subprocess
import sys
import tempfile
import urllib.parse
from collections import OrderedDict, defaultdict

from botocore.awsrequest import HeadersDict
from botocore.eventstream import EventStream
from botocore.model import NoShapeFoundError, OperationModel, ServiceModel
from botocore.parsers import PROTOCOL_PARSERS
from botocore.utils import parse_timestamp
from dateutil.tz import tzutc

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_TESTS_DIR = os.path.join(HERE, 'vectors')
SKIPS_FILE = os.path.join(HERE, 'skips.json')
TOOL_TIMEOUT = 300


class CaseFailure(Exception):
    pass


# --------------------------------------------------------------------------------------------
# What to run and what to skip
# --------------------------------------------------------------------------------------------

class SkipRules:
    """botocore's ignore list (by suite description or case id, per protocol file name) and our
    own skips.json: {"input"|"output": {"<file name>" | "*": {"<case id or suite description>":
    "reason"}}}."""

    def __init__(self, tests_dir):
        with open(os.path.join(tests_dir, 'protocol-tests-ignore-list.json')) as f:
            self.botocore = json.load(f)
        with open(SKIPS_FILE) as f:
            self.ours = json.load(f)

    def botocore_ignores(self, protocol, direction, suite, case_id):
        general = self.botocore.get('general', {}).get(direction, {})
        specific = self.botocore.get('protocols', {}).get(protocol, {}).get(direction, {})
        for rules in (general, specific):
            if suite in rules.get('suites', []) or case_id in rules.get('cases', []):
                return True
        return False

    def our_reason(self, label, direction, suite, case_id):
        by_file = self.ours.get(direction, {})
        for key in (label, '*'):
            rules = by_file.get(key, {})
            for name in (case_id, suite):
                if name is not None and name in rules:
                    return rules[name]
        return None


def vector_files(tests_dir, include_legacy):
    """(direction, label, botocore protocol name, path) for every vector file."""
    roots = [('', tests_dir)]
    if include_legacy:
        roots.append(('legacy/', os.path.join(tests_dir, 'legacy')))
    for prefix, root in roots:
        for direction in ('input', 'output'):
            for path in sorted(glob.glob(os.path.join(root, direction, '*.json'))):
                name = os.path.basename(path)[:-len('.json')]
                yield direction, prefix + name, name, path


def wanted(filter_name, label, suites):
    if filter_name is None:
        return True
    name = label.split('/')[-1]
    if filter_name == name:
        return True
    return any(s.get('metadata', {}).get('protocol') == filter_name for s in suites)


# --------------------------------------------------------------------------------------------
# Running vector_tool
# --------------------------------------------------------------------------------------------

# Integers beyond 2**53 do not survive cJSON, which holds numbers as doubles; protocol.h lets a
# result tree carry them as strings of their digits, so vector_tool is handed them that way.
DOUBLE_EXACT_LIMIT = 2 ** 53


def big_integers_as_text(value):
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > DOUBLE_EXACT_LIMIT:
        return str(value)
    if isinstance(value, list):
        return [big_integers_as_text(v) for v in value]
    if isinstance(value, dict):
        return OrderedDict((k, big_integers_as_text(v)) for k, v in value.items())
    return value


def results_for_tool(suites):
    """The suites with their output cases' results and errors as vector_tool can read them
    exactly, or None when nothing needs changing."""
    changed = copy.deepcopy(suites)
    for suite in changed:
        for case in suite.get('cases', []):
            for key in ('result', 'error'):
                if key in case:
                    case[key] = big_integers_as_text(case[key])
    return changed if changed != suites else None


def run_tool(tool, direction, path, suites):
    """{(suite, case): line} and a complaint when the tool died or reported an error."""
    readable = results_for_tool(suites) if direction == 'output' else None
    with tempfile.NamedTemporaryFile('w', suffix='.json') as exact:
        if readable is not None:
            json.dump(readable, exact)
            exact.flush()
            path = exact.name
        try:
            proc = subprocess.run([tool, direction, path], capture_output=True,
                                  timeout=TOOL_TIMEOUT)
        except subprocess.TimeoutExpired:
            return {}, f'vector_tool timed out after {TOOL_TIMEOUT}s'
    lines = {}
    for raw in proc.stdout.decode('utf-8', 'replace').splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        lines[(line.get('suite'), line.get('case'))] = line
    complaint = None
    if proc.returncode != 0:
        tail = proc.stderr.decode('utf-8', 'replace')[-3000:]
        complaint = f'vector_tool exited with {proc.returncode}:\n{tail}'
    return lines, complaint


# --------------------------------------------------------------------------------------------
# Input: our params tree against the case's params
# --------------------------------------------------------------------------------------------

class ParamsComparer:
    """Walks the suite's shapes beside both trees and collects differences."""

    def __init__(self, shapes, case, protocol):
        self.shapes = shapes
        self.case = case
        self.protocol = protocol
        self.diffs = []
        self.notes = []

    def differ(self, path, message):
        self.diffs.append(f'{path or "<top>"}: {message}')

    def compare(self, ref, ours, theirs, path='', depth=0):
        if depth > 64:
            return
        shape = self.shapes[ref['shape']]
        kind = shape['type']
        if kind == 'structure' and not shape.get('document'):
            self.compare_structure(shape, ours, theirs, path, depth)
        elif kind == 'list':
            self.compare_list(shape, ours, theirs, path, depth)
        elif kind == 'map':
            self.compare_map(shape, ours, theirs, path, depth)
        elif not scalars_equal(ref, shape, ours, theirs):
            self.differ(path, f'ours {short(ours)} != theirs {short(theirs)}')

    def compare_structure(self, shape, ours, theirs, path, depth):
        if not isinstance(ours, dict) or not isinstance(theirs, dict):
            self.differ(path, f'ours {short(ours)} != theirs {short(theirs)}')
            return
        members = shape.get('members', {})
        for key in sorted(set(ours) | set(theirs)):
            member_path = f'{path}.{key}' if path else key
            ours_value, theirs_value = ours.get(key), theirs.get(key)
            member = members.get(key)
            if member is None:
                self.differ(member_path, 'not a member of the shape')
            elif theirs_value is None and ours_value is not None:
                if member.get('idempotencyToken'):
                    self.notes.append(f'{member_path}: idempotency token filled in by the client')
                elif self.is_whole_query_map(member, ours_value):
                    self.notes.append(f'{member_path}: the query-params map holds every parameter')
                else:
                    self.differ(member_path, f'ours has {short(ours_value)}, theirs nothing')
            elif ours_value is None and theirs_value is not None:
                self.missing_from_ours(shape, key, member, theirs_value, member_path)
            elif ours_value is not None:
                self.compare(member, ours_value, theirs_value, member_path, depth + 1)

    def is_whole_query_map(self, member, ours_value):
        """A map bound to the query string receives every parameter on a server; params
        written for a client (the rest-xml suites') leave it unset."""
        if member.get('location') != 'querystring' or not isinstance(ours_value, dict):
            return False
        if self.shapes[member['shape']]['type'] != 'map':
            return False
        query = urllib.parse.urlsplit(self.case['serialized'].get('uri', '')).query
        names = {name for name, _ in urllib.parse.parse_qsl(query, keep_blank_values=True)}
        return set(ours_value) <= names

    def missing_from_ours(self, shape, key, member, theirs_value, path):
        target = self.shapes[member['shape']]
        streaming = member.get('streaming') or target.get('streaming')
        if shape.get('payload') == key and streaming:
            # protocol.h: a streaming payload stays in the request body for the service
            body = self.case['serialized'].get('body', '')
            if as_bytes(theirs_value) != as_bytes(body):
                self.differ(path, 'streaming payload differs from the request body')
            return
        if theirs_value in ([], {}) and (member.get('location') in ('querystring', 'header', 'headers')
                                         or self.protocol in ('query', 'ec2')):
            return  # nothing goes on the wire for an empty list or map there
        self.differ(path, f'missing from ours (theirs {short(theirs_value)})')

    def compare_list(self, shape, ours, theirs, path, depth):
        if not isinstance(ours, list) or not isinstance(theirs, list) or len(ours) != len(theirs):
            self.differ(path, f'ours {short(ours)} != theirs {short(theirs)}')
            return
        for i, (a, b) in enumerate(zip(ours, theirs)):
            self.compare(shape['member'], a, b, f'{path}[{i}]', depth + 1)

    def compare_map(self, shape, ours, theirs, path, depth):
        if not isinstance(ours, dict) or not isinstance(theirs, dict) or set(ours) != set(theirs):
            self.differ(path, f'ours {short(ours)} != theirs {short(theirs)}')
            return
        for key in ours:
            self.compare(shape['value'], ours[key], theirs[key], f'{path}[{key!r}]', depth + 1)


def short(value):
    text = json.dumps(value, default=repr)
    return text if len(text) <= 200 else text[:200] + '...'


def as_bytes(value):
    if isinstance(value, bytes):
        return value
    return str(value).encode('utf-8')


SPECIAL_FLOATS = {'NaN': math.nan, 'Infinity': math.inf, '-Infinity': -math.inf}


def as_float(value):
    if isinstance(value, str):
        return SPECIAL_FLOATS.get(value, value)
    return value


def floats_equal(a, b, rel_tol):
    a, b = as_float(a), as_float(b)
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return False
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=rel_tol)


def epoch(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return parse_timestamp(value).astimezone(tzutc()).timestamp()
        except (ValueError, TypeError):
            return None
    return None


def json_equal(a, b):
    """Documents and JSON values: equal as JSON, numbers compared as numbers."""
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return floats_equal(a, b, 1e-12)
    return a == b


def scalars_equal(ref, shape, ours, theirs):
    kind = shape['type']
    if shape.get('document'):
        return json_equal(ours, theirs)
    if kind == 'blob':
        try:
            decoded = base64.b64decode(ours, validate=True)
        except (ValueError, TypeError):
            return False
        return decoded == as_bytes(theirs)
    if kind == 'timestamp':
        a, b = epoch(ours), epoch(theirs)
        return a is not None and b is not None and abs(a - b) < 1e-3
    if kind in ('float', 'double', 'bigDecimal'):
        return floats_equal(ours, theirs, 1e-6 if kind == 'float' else 1e-12)
    if kind == 'boolean':
        return ours is theirs
    if kind in ('integer', 'long', 'short', 'byte', 'bigInteger'):
        return not isinstance(ours, bool) and isinstance(ours, (int, float)) and ours == theirs
    if kind == 'string' and (ref.get('jsonvalue') or shape.get('jsonvalue')):
        return json_equal(ours, theirs)
    return ours == theirs


def check_input_case(suite, case, line):
    if 'params' not in line:
        raise CaseFailure(f'decoding failed: {json.dumps(line.get("error") or line)}')
    given_input = case['given'].get('input')
    theirs = case['params']
    ours = line['params']
    if given_input is None:
        if ours not in ({}, None):
            raise CaseFailure(f'operation has no input but ours is {short(ours)}')
        return []
    comparer = ParamsComparer(suite['shapes'], case, suite['metadata'].get('protocol'))
    comparer.compare(given_input, ours, theirs)
    if comparer.diffs:
        raise CaseFailure('\n'.join(comparer.diffs))
    return comparer.notes


# --------------------------------------------------------------------------------------------
# Output: botocore parses our response, as in botocore's tests/unit/test_protocols.py
# --------------------------------------------------------------------------------------------

class MockRawResponse:
    def __init__(self, data):
        self._data = data

    def stream(self):
        yield self._data


def compliance_timestamp_parser(value):
    return parse_timestamp(value).astimezone(tzutc()).timestamp()


def convert_bytes_to_str(parsed):
    if isinstance(parsed, dict):
        return {k: convert_bytes_to_str(v) for k, v in parsed.items()}
    if isinstance(parsed, list):
        return [convert_bytes_to_str(v) for v in parsed]
    if isinstance(parsed, bytes):
        return parsed.decode('utf-8')
    return parsed


def convert_special_floats_to_string(parsed):
    for key, value in parsed.items():
        if value == float('Infinity'):
            parsed[key] = 'Infinity'
        elif value == float('-Infinity'):
            parsed[key] = '-Infinity'
        elif value != value:
            parsed[key] = 'NaN'
    return parsed


def fixup_parsed(parsed):
    parsed.pop('ResponseMetadata', None)
    parsed = convert_bytes_to_str(parsed)
    for key, value in parsed.items():
        if isinstance(value, EventStream):
            parsed[key] = convert_bytes_to_str(list(value))
            break
    if 'Error' in parsed:
        for key in list(parsed['Error']):
            if key not in ('Code', 'Message'):
                del parsed['Error'][key]
    return convert_special_floats_to_string(parsed)


def parse_our_response(suite, case, line):
    description = copy.deepcopy({k: v for k, v in suite.items() if k != 'cases'})
    given = copy.deepcopy(case['given'])
    name = given.get('name', 'OperationName')
    description['operations'] = {name: given}
    model = ServiceModel(description)
    operation = OperationModel(given, model)
    protocol = model.metadata['protocol']
    parser = PROTOCOL_PARSERS[protocol](timestamp_parser=compliance_timestamp_parser)
    body = base64.b64decode(line.get('body_b64', ''))
    response = {
        'status_code': line['status'],
        'headers': HeadersDict(line.get('headers', {})),
        'body': MockRawResponse(body) if operation.has_event_stream_output else body,
        'context': {'operation_name': name},
    }
    output_shape = operation.output_shape
    if 'error' in case:
        parsed = parser.parse(response, output_shape)
        try:
            error_shape = model.shape_for_error_code(parsed.get('Error', {}).get('Code'))
        except NoShapeFoundError:
            error_shape = None
        if error_shape is not None:
            parsed.update(parser.parse(response, error_shape))
    else:
        if protocol == 'query' and output_shape is not None and output_shape.members:
            output_shape.serialization['resultWrapper'] = f'{name}Result'
        parsed = parser.parse(response, output_shape)
    return fixup_parsed(parsed)


def expected_output(case):
    if 'error' in case:
        expected = {'Error': {'Code': case.get('errorCode', ''),
                              'Message': case.get('errorMessage', '')}}
        expected.update(case['error'])
        return expected
    return case['result']


def check_output_case(suite, case, line):
    if 'status' not in line:
        raise CaseFailure(f'encoding failed: {json.dumps(line)}')
    try:
        parsed = parse_our_response(suite, case, line)
    except Exception as e:  # botocore could not read our response at all
        raise CaseFailure(f'botocore failed to parse our response: {e!r}\n{describe_response(line)}')
    expected = expected_output(case)
    if parsed != expected:
        raise CaseFailure(f'parsed {short(parsed)}\nexpected {short(expected)}\n'
                          f'{describe_response(line)}')
    return []


def describe_response(line):
    body = base64.b64decode(line.get('body_b64', ''))
    try:
        body_text = body.decode('utf-8')
    except UnicodeDecodeError:
        body_text = 'base64:' + line.get('body_b64', '')
    return (f'our response: {line.get("status")} {json.dumps(line.get("headers", {}))}\n'
            f'{body_text[:1500]}')


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------

class Tally:
    def __init__(self):
        self.counts = defaultdict(lambda: [0, 0, 0])  # passed, failed, skipped per (dir, label)
        self.failures = []
        self.skip_reasons = defaultdict(int)

    def passed(self, key):
        self.counts[key][0] += 1

    def failed(self, key, what, detail):
        self.counts[key][1] += 1
        self.failures.append((key, what, detail))

    def skipped(self, key, reason):
        self.counts[key][2] += 1
        self.skip_reasons[reason] += 1

    def totals(self):
        return [sum(c[i] for c in self.counts.values()) for i in range(3)]


def case_name(suite_index, case_index, case):
    return case.get('id') or f'{suite_index}:{case_index}'


def run_file(tool, rules, tally, direction, label, protocol, path, suites):
    lines, complaint = run_tool(tool, direction, path, suites)
    key = (direction, label)
    field = 'params' if direction == 'input' else 'response'
    for i, suite in enumerate(suites):
        for j, case in enumerate(suite.get('cases', [])):
            if field not in case:
                continue
            name = case_name(i, j, case)
            what = f'{direction} {label} {name} (suite {i} "{suite.get("description")}", case {j})'
            if rules.botocore_ignores(protocol, direction, suite.get('description'), case.get('id')):
                tally.skipped(key, 'botocore ignore list')
                continue
            reason = rules.our_reason(label, direction, suite.get('description'), case.get('id'))
            if reason:
                tally.skipped(key, f'skips.json: {reason}')
                continue
            line = lines.get((i, j))
            if line is None:
                tally.failed(key, what, complaint or 'vector_tool printed nothing for this case')
                continue
            try:
                if 'tool_error' in line:
                    raise CaseFailure(f'vector_tool: {line["tool_error"]}')
                check = check_input_case if direction == 'input' else check_output_case
                check(suite, case, line)
                tally.passed(key)
            except CaseFailure as e:
                tally.failed(key, what, str(e))
            except Exception as e:  # a bug in the comparison must not hide the other cases
                tally.failed(key, what, f'runner error: {e!r}')
    if complaint and lines:
        tally.failed(key, f'{direction} {label} (whole file)', complaint)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('tool', nargs='?', default=os.environ.get('VECTOR_TOOL'),
                    help='the vector_tool binary (default $VECTOR_TOOL)')
    ap.add_argument('--protocol', help='a vector file name or protocol name')
    ap.add_argument('-v', '--verbose', action='store_true', help='show the differences')
    ap.add_argument('--legacy', action='store_true', help='also run the legacy/ vectors')
    args = ap.parse_args()
    if not args.tool:
        ap.error('give the vector_tool path as an argument or in $VECTOR_TOOL')
    tests_dir = os.environ.get('PROTOCOL_TESTS_DIR', DEFAULT_TESTS_DIR)
    rules = SkipRules(tests_dir)
    tally = Tally()
    for direction, label, protocol, path in vector_files(tests_dir, args.legacy):
        with open(path, encoding='utf-8') as f:
            suites = json.load(f, object_pairs_hook=OrderedDict)
        if wanted(args.protocol, label, suites):
            run_file(args.tool, rules, tally, direction, label, protocol, path, suites)

    for _, what, detail in tally.failures:
        print(f'FAIL {what}')
        if args.verbose:
            print('    ' + detail.replace('\n', '\n    '))
    if args.verbose and tally.skip_reasons:
        print('skipped:')
        for reason, count in sorted(tally.skip_reasons.items()):
            print(f'  {count:4d}  {reason}')
    for (direction, label), (p, f, s) in sorted(tally.counts.items()):
        print(f'{direction:6s} {label:45s} {p:4d} passed {f:4d} failed {s:4d} skipped')
    passed, failed, skipped = tally.totals()
    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
