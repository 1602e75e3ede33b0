#!/usr/bin/env python3
"""Check the Grafana dashboards and Prometheus rules of LlmObservability.

Without options the script checks every dashboard in dashboards/grafana and
every rule file listed in dashboards/prometheus/prometheus.yml, prints each
violation with its dashboard, panel and expression, and exits with status 1
if it found any. It uses the Python standard library only.

Checks on each dashboard:
  * the file is valid JSON, contains no "${DS_" import placeholder, and its
    "id" is null;
  * it has a "datasource" variable of type datasource for Prometheus, and
    every panel, target and query variable uses {"type": "prometheus",
    "uid": "${datasource}"};
  * query variables use label_values(...) and include an All option;
  * template variables appear only in =~ or !~ matchers, because the All
    option and multi-value selections expand to regular expressions.

Checks on each PromQL expression, in dashboards and in rule files:
  * a series ending in _total, _sum, _count or _bucket is read directly by
    rate(), increase() or irate(), before any aggregation or arithmetic,
    so counter resets neither go negative nor add phantom values. The only
    exception is the new-series test "X unless X offset d", which compares
    series presence, not values;
  * histogram_quantile() receives an aggregation "by (le, ...)";
  * every gen_ai_* and llm_* series selects otel_scope_name="LlmObservability",
    because Microsoft.Extensions.AI writes gen_ai_* series with the same names;
  * every recording rule name (a name with ":") and every ALERTS alertname
    is defined in the rule files.

Other modes:
  --print-queries  print each panel expression with the template variables
                   filled in, one JSON object a line, for sending to the
                   Prometheus HTTP API;
  --list-metrics   print every metric name that dashboards and rules use;
  --self-test      run the checker on known-bad input and confirm that it
                   reports each case.
"""

import argparse
import glob
import json
import os
import re
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DASHBOARD_DIR = os.path.join(REPO_ROOT, "dashboards", "grafana")
DEFAULT_PROMETHEUS_CONFIG = os.path.join(REPO_ROOT, "dashboards", "prometheus", "prometheus.yml")

DATASOURCE_REF = {"type": "prometheus", "uid": "${datasource}"}
SCOPE_LABEL = "otel_scope_name"
SCOPE_VALUE = "LlmObservability"
LLM_SERIES_PREFIXES = ("gen_ai_", "llm_")
COUNTER_SUFFIX = re.compile(r"_(total|sum|count|bucket)$")
COUNTER_FUNCTIONS = {"rate", "increase", "irate"}
# Gauges whose names end like counters, with "# TYPE ... gauge" in the output
# of OpenTelemetry.Exporter.Prometheus.AspNetCore 1.20.1-beta.1 on .NET 10.
GAUGES_WITH_COUNTER_SUFFIX = {"dotnet_assembly_count", "dotnet_process_cpu_count", "dotnet_thread_pool_thread_count",
                              "dotnet_timer_count", "process_thread_count", "process_unix_file_descriptor_count"}
PROMETHEUS_GENERATED_SERIES = {"ALERTS", "ALERTS_FOR_STATE", "up", "scrape_duration_seconds",
                               "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
                               "scrape_series_added"}

# Values that --print-queries puts in place of Grafana's built-in variables.
BUILTIN_VARIABLE_VALUES = {
    "__rate_interval": "1m",
    "__interval": "1m",
    "__interval_ms": "60000",
    "__range": "1h",
    "__range_s": "3600",
    "__range_ms": "3600000",
}
VARIABLE_REFERENCE = re.compile(r"\$\{(\w+)(?::[^}]*)?\}|\$(\w+)|\[\[(\w+)(?::[^\]]*)?\]\]")


class CheckError(Exception):
    """Invalid input that stops the check of one file or expression."""


# ---------------------------------------------------------------------------
# PromQL lexer and parser
# ---------------------------------------------------------------------------

AGGREGATION_OPERATORS = {"sum", "avg", "count", "min", "max", "stddev", "stdvar", "topk", "bottomk",
                         "quantile", "count_values", "group", "limitk", "limit_ratio"}
COMPARISON_OPERATORS = {"==", "!=", ">", "<", ">=", "<="}
BINARY_PRECEDENCE = {"or": 1, "and": 2, "unless": 2, "==": 3, "!=": 3, ">": 3, "<": 3, ">=": 3, "<=": 3,
                     "+": 4, "-": 4, "*": 5, "/": 5, "%": 5, "atan2": 5, "^": 6}

TOKEN_PATTERNS = [
    ("SPACE", r"\s+|#[^\n]*"),
    ("DURATION", r"(?:\d+(?:ms|s|m|h|d|w|y))+(?![\w.])"),
    ("NUMBER", r"0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"),
    # Recording rule names contain ":" but never start with it, and a
    # leading ":" must stay a token of its own in subqueries such as [1h:1m].
    ("IDENT", r"[a-zA-Z_][a-zA-Z0-9_:]*"),
    ("STRING", r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`'),
    ("OP", r"==|!=|<=|>=|=~|!~|[-+*/%^<>=]"),
    ("PUNCT", r"[(){}\[\],:@]"),
]
TOKEN_REGEX = re.compile("|".join("(?P<%s>%s)" % pair for pair in TOKEN_PATTERNS))


def tokenize(expr):
    tokens = []
    position = 0
    while position < len(expr):
        match = TOKEN_REGEX.match(expr, position)
        if match is None:
            raise CheckError("invalid PromQL: unexpected character %r at offset %d" % (expr[position], position))
        kind = match.lastgroup
        if kind != "SPACE":
            tokens.append((kind, match.group(), position))
        position = match.end()
    tokens.append(("EOF", "", len(expr)))
    return tokens


class Node:
    """PromQL syntax tree node. Subclasses list their child nodes."""

    def children(self):
        return []


class NumberLiteral(Node):
    def __init__(self, value):
        self.value = value


class StringLiteral(Node):
    def __init__(self, value):
        self.value = value


class VectorSelector(Node):
    def __init__(self, name, matchers):
        self.name = name
        self.matchers = matchers  # list of (label, operator, value)
        self.offset = None

    def matcher_value(self, label, operator):
        for matcher_label, matcher_operator, value in self.matchers:
            if matcher_label == label and matcher_operator == operator:
                return value
        return None


class RangeSelector(Node):
    def __init__(self, selector, duration):
        self.selector = selector
        self.duration = duration

    def children(self):
        return [self.selector]


class Subquery(Node):
    def __init__(self, expr, duration, step):
        self.expr = expr
        self.duration = duration
        self.step = step

    def children(self):
        return [self.expr]


class FunctionCall(Node):
    def __init__(self, name, args):
        self.name = name
        self.args = args

    def children(self):
        return list(self.args)


class Aggregation(Node):
    def __init__(self, operator, args, grouping, without):
        self.operator = operator
        self.args = args
        self.grouping = grouping
        self.without = without

    def children(self):
        return list(self.args)


class BinaryExpression(Node):
    def __init__(self, operator, left, right):
        self.operator = operator
        self.left = left
        self.right = right

    def children(self):
        return [self.left, self.right]


class UnaryExpression(Node):
    def __init__(self, operator, operand):
        self.operator = operator
        self.operand = operand

    def children(self):
        return [self.operand]


class Parenthesized(Node):
    def __init__(self, expr):
        self.expr = expr

    def children(self):
        return [self.expr]


def unwrap(node):
    while isinstance(node, Parenthesized):
        node = node.expr
    return node


class Parser:
    """Recursive-descent parser for the PromQL that dashboards and rules use."""

    def __init__(self, expr):
        self.tokens = tokenize(expr)
        self.index = 0

    def peek(self, ahead=0):
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def next(self):
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, message):
        kind, value, position = self.peek()
        found = "end of expression" if kind == "EOF" else repr(value)
        raise CheckError("invalid PromQL: %s, found %s at offset %d" % (message, found, position))

    def expect(self, value):
        if self.peek()[1] != value:
            self.fail("expected %r" % value)
        return self.next()

    def parse(self):
        node = self.parse_binary(1)
        if self.peek()[0] != "EOF":
            self.fail("expected an operator or the end of the expression")
        return node

    def binary_operator(self):
        kind, value, _ = self.peek()
        if kind == "OP" and value in BINARY_PRECEDENCE:
            return value
        if kind == "IDENT" and value.lower() in ("and", "or", "unless", "atan2"):
            return value.lower()
        return None

    def parse_binary(self, min_precedence):
        left = self.parse_unary()
        while True:
            operator = self.binary_operator()
            if operator is None or BINARY_PRECEDENCE[operator] < min_precedence:
                return left
            self.next()
            self.parse_binary_modifiers()
            # ^ is right-associative, every other operator left-associative.
            next_precedence = BINARY_PRECEDENCE[operator] + (0 if operator == "^" else 1)
            right = self.parse_binary(next_precedence)
            left = BinaryExpression(operator, left, right)

    def parse_binary_modifiers(self):
        if self.peek()[1].lower() == "bool":
            self.next()
        if self.peek()[1].lower() in ("on", "ignoring"):
            self.next()
            self.parse_label_list()
        if self.peek()[1].lower() in ("group_left", "group_right"):
            self.next()
            if self.peek()[1] == "(":
                self.parse_label_list()

    def parse_unary(self):
        kind, value, _ = self.peek()
        if kind == "OP" and value in ("-", "+"):
            self.next()
            return UnaryExpression(value, self.parse_binary(BINARY_PRECEDENCE["^"]))
        return self.parse_postfix(self.parse_primary())

    def parse_postfix(self, node):
        while True:
            kind, value, _ = self.peek()
            if value == "[":
                self.next()
                duration = self.parse_duration()
                if self.peek()[1] == ":":
                    self.next()
                    step = self.parse_duration() if self.peek()[1] != "]" else None
                    self.expect("]")
                    node = Subquery(node, duration, step)
                else:
                    self.expect("]")
                    if not isinstance(node, VectorSelector):
                        self.fail("a range [%s] needs a series selector before it" % duration)
                    node = RangeSelector(node, duration)
            elif kind == "IDENT" and value.lower() == "offset":
                self.next()
                if self.peek()[1] == "-":
                    self.next()
                target = node.selector if isinstance(node, RangeSelector) else node
                if isinstance(target, VectorSelector):
                    target.offset = self.parse_duration()
                else:
                    self.parse_duration()
            elif value == "@":
                self.next()
                if self.peek()[0] == "NUMBER":
                    self.next()
                elif self.peek()[1] in ("start", "end"):
                    self.next()
                    self.expect("(")
                    self.expect(")")
                else:
                    self.fail("expected a timestamp, start() or end() after @")
            else:
                return node

    def parse_duration(self):
        kind, value, _ = self.peek()
        if kind != "DURATION":
            self.fail("expected a duration such as 5m")
        self.next()
        return value

    def parse_label_list(self):
        self.expect("(")
        labels = []
        while self.peek()[1] != ")":
            kind, value, _ = self.next()
            if kind != "IDENT":
                self.index -= 1
                self.fail("expected a label name")
            labels.append(value)
            if self.peek()[1] == ",":
                self.next()
            elif self.peek()[1] != ")":
                self.fail("expected ',' or ')' in a label list")
        self.expect(")")
        return labels

    def parse_arguments(self):
        self.expect("(")
        args = []
        while self.peek()[1] != ")":
            args.append(self.parse_binary(1))
            if self.peek()[1] == ",":
                self.next()
            elif self.peek()[1] != ")":
                self.fail("expected ',' or ')' in an argument list")
        self.expect(")")
        return args

    def parse_matchers(self):
        self.expect("{")
        matchers = []
        while self.peek()[1] != "}":
            kind, label, _ = self.next()
            if kind != "IDENT":
                self.index -= 1
                self.fail("expected a label name in a selector")
            operator = self.next()
            if operator[1] not in ("=", "!=", "=~", "!~"):
                self.index -= 1
                self.fail("expected =, !=, =~ or !~ after label %s" % label)
            value = self.next()
            if value[0] != "STRING":
                self.index -= 1
                self.fail("expected a quoted label value after %s%s" % (label, operator[1]))
            matchers.append((label, operator[1], decode_string(value[1])))
            if self.peek()[1] == ",":
                self.next()
            elif self.peek()[1] != "}":
                self.fail("expected ',' or '}' in a selector")
        self.expect("}")
        return matchers

    def parse_primary(self):
        kind, value, _ = self.peek()
        if value == "(":
            self.next()
            node = self.parse_binary(1)
            self.expect(")")
            return Parenthesized(node)
        if kind == "NUMBER":
            self.next()
            return NumberLiteral(value)
        if kind == "STRING":
            self.next()
            return StringLiteral(decode_string(value))
        if value == "{":
            return VectorSelector(None, self.parse_matchers())
        if kind == "IDENT":
            lower = value.lower()
            following = self.peek(1)[1].lower()
            if lower in AGGREGATION_OPERATORS and following in ("(", "by", "without"):
                return self.parse_aggregation()
            if following == "(":
                self.next()
                return FunctionCall(value, self.parse_arguments())
            if lower in ("inf", "nan"):
                self.next()
                return NumberLiteral(value)
            self.next()
            matchers = self.parse_matchers() if self.peek()[1] == "{" else []
            return VectorSelector(value, matchers)
        self.fail("expected a series, number, string, function or '('")

    def parse_aggregation(self):
        operator = self.next()[1].lower()
        grouping, without = None, False
        if self.peek()[1].lower() in ("by", "without"):
            without = self.next()[1].lower() == "without"
            grouping = self.parse_label_list()
        args = self.parse_arguments()
        if grouping is None and self.peek()[1].lower() in ("by", "without"):
            without = self.next()[1].lower() == "without"
            grouping = self.parse_label_list()
        return Aggregation(operator, args, grouping or [], without)


def decode_string(token):
    if token.startswith("`"):
        return token[1:-1]
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda match: {"n": "\n", "t": "\t"}.get(match.group(1), match.group(1)), body)


def parse_promql(expr):
    return Parser(expr).parse()


def walk(node, ancestors=()):
    """Yield (node, ancestors) for every node, parents first."""
    yield node, ancestors
    for child in node.children():
        yield from walk(child, ancestors + (node,))


# ---------------------------------------------------------------------------
# Expression checks
# ---------------------------------------------------------------------------

def selector_key(selector):
    return selector.name, tuple(sorted(selector.matchers))


def new_series_selectors(tree):
    """Return ids of selectors used in the idiom "X unless X offset d".

    The idiom keeps series that exist now but did not exist d ago. It reads
    series presence, not counter values, so a raw counter is fine there.
    """
    exempt = set()
    for node, _ in walk(tree):
        if not isinstance(node, BinaryExpression) or node.operator != "unless":
            continue
        left, right = unwrap(node.left), unwrap(node.right)
        if isinstance(left, BinaryExpression) and left.operator in COMPARISON_OPERATORS \
                and isinstance(unwrap(left.right), NumberLiteral):
            left = unwrap(left.left)
        if isinstance(left, VectorSelector) and isinstance(right, VectorSelector) \
                and right.offset is not None and selector_key(left) == selector_key(right):
            exempt.update((id(left), id(right)))
    return exempt


def check_expression(expr, recording_rules=None, alert_names=None):
    """Return a list of problems found in one PromQL expression."""
    try:
        tree = parse_promql(expr)
    except CheckError as error:
        return [str(error)]
    problems = []
    exempt = new_series_selectors(tree)
    for node, ancestors in walk(tree):
        if isinstance(node, VectorSelector) and node.name:
            problems.extend(check_selector(node, ancestors, exempt, recording_rules, alert_names))
        if isinstance(node, FunctionCall) and node.name == "histogram_quantile":
            problems.extend(check_histogram_quantile(node))
    return problems


def check_selector(selector, ancestors, exempt, recording_rules, alert_names):
    problems = []
    name = selector.name
    if COUNTER_SUFFIX.search(name) and ":" not in name and name not in GAUGES_WITH_COUNTER_SUFFIX \
            and id(selector) not in exempt:
        parent = ancestors[-1] if ancestors else None
        grandparent = ancestors[-2] if len(ancestors) >= 2 else None
        read_by_rate = isinstance(parent, RangeSelector) and isinstance(grandparent, FunctionCall) \
            and grandparent.name in COUNTER_FUNCTIONS
        if not read_by_rate:
            problems.append("%s is a counter or histogram series: read it with rate(), increase() or irate() "
                            "before any aggregation or arithmetic" % name)
    if name.startswith(LLM_SERIES_PREFIXES) and selector.matcher_value(SCOPE_LABEL, "=") != SCOPE_VALUE:
        problems.append('%s does not select %s="%s", so series of other meters with the same name get mixed in'
                        % (name, SCOPE_LABEL, SCOPE_VALUE))
    if ":" in name and recording_rules is not None and name not in recording_rules:
        problems.append("%s is not defined by any recording rule in the rule files" % name)
    if name == "ALERTS" and alert_names is not None:
        alert_name = selector.matcher_value("alertname", "=")
        if alert_name is not None and alert_name not in alert_names:
            problems.append("ALERTS selects alertname=%r, which no alert rule defines" % alert_name)
    return problems


def check_histogram_quantile(call):
    if len(call.args) != 2:
        return ["histogram_quantile() needs 2 arguments, found %d" % len(call.args)]
    buckets = unwrap(call.args[1])
    if not isinstance(buckets, Aggregation) or buckets.without or "le" not in buckets.grouping:
        return ["histogram_quantile() must receive an aggregation by (le, ...) of bucket rates, for example "
                "sum by (le) (rate(x_bucket[5m]))"]
    return []


# ---------------------------------------------------------------------------
# Template variables
# ---------------------------------------------------------------------------

def variable_names(text):
    return [next(group for group in match.groups() if group) for match in VARIABLE_REFERENCE.finditer(text)]


def check_variables(expr, dashboard_variables):
    problems = []
    for name in variable_names(expr):
        if name not in dashboard_variables and name not in BUILTIN_VARIABLE_VALUES:
            problems.append("$%s is neither a variable of this dashboard nor a supported Grafana variable" % name)
    for match in re.finditer(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"([^"]*)"', expr):
        label, operator, value = match.groups()
        if operator in ("=", "!=") and any(name in dashboard_variables for name in variable_names(value)):
            problems.append('%s%s"%s" compares with a template variable using %s: use =~ or !~, because All and '
                            "multiple selections expand to a regular expression" % (label, operator, value, operator))
    return problems


def fill_variables(expr, dashboard_variables):
    """Replace template variables with values that Prometheus accepts directly."""

    def replace(match):
        name = next(group for group in match.groups() if group)
        if name == "datasource":
            return ""
        if name in BUILTIN_VARIABLE_VALUES:
            return BUILTIN_VARIABLE_VALUES[name]
        if name in dashboard_variables:
            return ".*"
        raise CheckError("unknown template variable $%s: add it to the dashboard's templating list" % name)

    return VARIABLE_REFERENCE.sub(replace, expr)


# ---------------------------------------------------------------------------
# Rule files
# ---------------------------------------------------------------------------

def unquote_yaml_scalar(value, path, line_number):
    value = value.strip()
    if value.startswith('"'):
        try:
            return json.loads(value)
        except ValueError:
            raise CheckError("%s:%d: unsupported double-quoted YAML value %s" % (path, line_number, value))
    if value.startswith("'"):
        if not value.endswith("'") or len(value) < 2:
            raise CheckError("%s:%d: unterminated single-quoted YAML value" % (path, line_number))
        return value[1:-1].replace("''", "'")
    return re.split(r"\s+#", value, maxsplit=1)[0].strip()


def read_rules_text(text, path):
    """Read the record, alert and expr entries of a Prometheus rule file.

    NOTE: this reads the plain subset of YAML that rule files use (block
    mappings, plain or quoted scalars, | and > block scalars), because the
    script must run on the standard library alone. It raises CheckError on
    an expr it cannot read; promtool check rules validates the full syntax.
    """
    rules = []
    current = None
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        match = re.match(r"^(\s*(?:-\s+)?)(record|alert|expr):(.*)$", line)
        index += 1
        if match is None:
            continue
        key, value = match.group(2), match.group(3).strip()
        if key in ("record", "alert"):
            current = {"kind": key, "name": unquote_yaml_scalar(value, path, index), "line": index}
            rules.append(current)
            continue
        if current is None or "expr" in current:
            raise CheckError("%s:%d: expr without a record or alert key before it: put record: or alert: "
                             "first in each rule" % (path, index))
        if value[:1] in ("|", ">"):
            key_indent = len(match.group(1))
            block = []
            while index < len(lines):
                following = lines[index]
                if following.strip() and len(following) - len(following.lstrip()) <= key_indent:
                    break
                block.append(following)
                index += 1
            while block and not block[-1].strip():
                block.pop()
            indents = [len(item) - len(item.lstrip()) for item in block if item.strip()]
            margin = min(indents) if indents else 0
            joiner = "\n" if value.startswith("|") else " "
            current["expr"] = joiner.join(item[margin:] for item in block)
        else:
            current["expr"] = unquote_yaml_scalar(value, path, index)
    for rule in rules:
        if "expr" not in rule:
            raise CheckError("%s:%d: %s %s has no expr" % (path, rule["line"], rule["kind"], rule["name"]))
    return rules


def read_rule_file_list(config_path):
    """Return the rule file paths listed under rule_files: in prometheus.yml."""
    with open(config_path, encoding="utf-8") as config:
        lines = config.read().splitlines()
    paths = []
    inside = False
    for line in lines:
        if re.match(r"^rule_files:\s*$", line):
            inside = True
            continue
        if inside:
            match = re.match(r"^\s*-\s*(.+?)\s*$", line)
            if match:
                paths.append(unquote_yaml_scalar(match.group(1), config_path, 0))
            elif line.strip() and not line.lstrip().startswith("#"):
                break
    base = os.path.dirname(config_path)
    resolved = []
    for item in paths:
        resolved.extend(sorted(glob.glob(os.path.join(base, item))) or [os.path.join(base, item)])
    return resolved


def load_rules(rule_paths):
    rules = []
    for path in rule_paths:
        with open(path, encoding="utf-8") as rule_file:
            for rule in read_rules_text(rule_file.read(), path):
                rule["file"] = path
                rules.append(rule)
    return rules


def check_rules(rules, recording_rules, alert_names):
    problems = []
    for rule in rules:
        for problem in check_expression(rule["expr"], recording_rules, alert_names):
            problems.append("%s:%d: %s %s: %s\n    expr: %s" % (
                relative(rule["file"]), rule["line"], rule["kind"], rule["name"], problem,
                one_line(rule["expr"])))
    return problems


# ---------------------------------------------------------------------------
# Dashboards
# ---------------------------------------------------------------------------

def relative(path):
    return os.path.relpath(path, os.getcwd())


def one_line(expr):
    return " ".join(expr.split())


def iter_panels(panels):
    for panel in panels or []:
        yield panel
        yield from iter_panels(panel.get("panels"))


def dashboard_variable_names(dashboard):
    return {variable.get("name") for variable in dashboard.get("templating", {}).get("list", [])}


def variable_query_text(variable):
    query = variable.get("query")
    if isinstance(query, dict):
        query = query.get("query")
    return query if isinstance(query, str) else ""


def check_dashboard_text(text, label, recording_rules=None, alert_names=None):
    """Return the problems of one dashboard, given its JSON text."""
    if "${DS_" in text:
        return ['%s: contains "${DS_", an import placeholder of an exported dashboard: use the $datasource '
                "variable instead" % label]
    try:
        dashboard = json.loads(text)
    except ValueError as error:
        return ["%s: invalid JSON: %s" % (label, error)]
    if not isinstance(dashboard, dict):
        return ["%s: the top-level JSON value must be an object" % label]

    where = '%s: dashboard "%s"' % (label, dashboard.get("title") or label)
    problems = []
    if "id" not in dashboard or dashboard["id"] is not None:
        problems.append('%s: "id" must be null so that Grafana assigns one on import' % where)
    uid = dashboard.get("uid")
    if not isinstance(uid, str) or not re.fullmatch(r"[a-zA-Z0-9_-]{1,40}", uid):
        problems.append('%s: "uid" must be a fixed string of 1 to 40 letters, digits, - or _' % where)
    problems.extend(check_templating(dashboard, where))

    names = dashboard_variable_names(dashboard)
    seen_ids = set()
    for panel in iter_panels(dashboard.get("panels")):
        if panel.get("type") == "row":
            continue
        panel_where = '%s, panel "%s"' % (where, panel.get("title", "(untitled)"))
        if panel.get("id") in seen_ids:
            problems.append("%s: panel id %s is used twice" % (panel_where, panel.get("id")))
        seen_ids.add(panel.get("id"))
        problems.extend(check_panel(panel, panel_where, names, recording_rules, alert_names))
    return problems


def check_panel(panel, panel_where, dashboard_variables, recording_rules, alert_names):
    problems = []
    if panel.get("datasource") != DATASOURCE_REF:
        problems.append("%s: panel datasource must be %s, found %s"
                        % (panel_where, json.dumps(DATASOURCE_REF), json.dumps(panel.get("datasource"))))
    targets = panel.get("targets") or []
    if not targets:
        problems.append("%s: panel has no targets" % panel_where)

    for target in targets:
        target_where = "%s (refId %s)" % (panel_where, target.get("refId", "?"))
        if target.get("datasource") != DATASOURCE_REF:
            problems.append("%s: target datasource must be %s, found %s"
                            % (target_where, json.dumps(DATASOURCE_REF), json.dumps(target.get("datasource"))))
        expr = target.get("expr")
        if not isinstance(expr, str) or not expr.strip():
            problems.append("%s: target has no PromQL expr" % target_where)
            continue
        found = check_variables(expr, dashboard_variables)
        if not found:
            filled = fill_variables(expr, dashboard_variables)
            found = check_expression(filled, recording_rules, alert_names)
        for problem in found:
            problems.append("%s: %s\n    expr: %s" % (target_where, problem, one_line(expr)))
    return problems


def check_templating(dashboard, where):
    problems = []
    variables = dashboard.get("templating", {}).get("list", [])
    datasource_variables = [variable for variable in variables if variable.get("name") == "datasource"]
    if not datasource_variables or datasource_variables[0].get("type") != "datasource" \
            or datasource_variables[0].get("query") != "prometheus":
        problems.append('%s: needs a template variable "datasource" of type datasource with query "prometheus"'
                        % where)

    names = dashboard_variable_names(dashboard)
    for variable in variables:
        if variable.get("type") != "query":
            continue
        variable_where = '%s, variable "%s"' % (where, variable.get("name"))
        if variable.get("datasource") != DATASOURCE_REF:
            problems.append("%s: datasource must be %s" % (variable_where, json.dumps(DATASOURCE_REF)))
        if not variable.get("includeAll"):
            problems.append("%s: query variables must include an All option" % variable_where)
        query = variable_query_text(variable)
        problems.extend("%s: %s\n    query: %s" % (variable_where, problem, query)
                        for problem in check_variable_query(query, names))
    return problems


def check_variable_query(query, dashboard_variables):
    """Return the problems of a label_values(selector, label) variable query."""
    match = re.fullmatch(r"\s*label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)\s*", query)
    if match is None:
        return ["query must be label_values(selector, label)"]
    selector = match.group(1)
    problems = check_variables(selector, dashboard_variables)
    if problems:
        return problems

    # label_values() lists label values of series, so raw counters are fine
    # here, but LLM series must still come from the LlmObservability meter.
    try:
        tree = parse_promql(fill_variables(selector, dashboard_variables))
    except CheckError as error:
        return [str(error)]
    for node, _ in walk(tree):
        if isinstance(node, VectorSelector) and node.name and node.name.startswith(LLM_SERIES_PREFIXES) \
                and node.matcher_value(SCOPE_LABEL, "=") != SCOPE_VALUE:
            problems.append('%s does not select %s="%s"' % (node.name, SCOPE_LABEL, SCOPE_VALUE))
    return problems


def dashboard_queries(dashboard):
    """Yield (panel title, refId, expr) for every panel target of a dashboard."""
    for panel in iter_panels(dashboard.get("panels")):
        for target in panel.get("targets") or []:
            if isinstance(target.get("expr"), str) and target["expr"].strip():
                yield panel.get("title", ""), target.get("refId", ""), target["expr"]


def selector_names(expr):
    return {node.name for node, _ in walk(parse_promql(expr)) if isinstance(node, VectorSelector) and node.name}


# ---------------------------------------------------------------------------
# Modes
# ---------------------------------------------------------------------------

def load_dashboards(paths):
    dashboards = []
    for path in paths:
        with open(path, encoding="utf-8") as dashboard_file:
            dashboards.append((path, dashboard_file.read()))
    return dashboards


def run_check(dashboards, rules):
    recording_rules = {rule["name"] for rule in rules if rule["kind"] == "record"}
    alert_names = {rule["name"] for rule in rules if rule["kind"] == "alert"}
    problems = check_rules(rules, recording_rules, alert_names)
    for path, text in dashboards:
        problems.extend(check_dashboard_text(text, relative(path), recording_rules, alert_names))
    for problem in problems:
        print("ERROR " + problem, file=sys.stderr)
    if problems:
        print("check-dashboards: %d problem(s) in %d dashboard(s) and %d rule(s)"
              % (len(problems), len(dashboards), len(rules)), file=sys.stderr)
        return 1
    print("check-dashboards: %d dashboard(s) and %d rule(s) passed" % (len(dashboards), len(rules)))
    return 0


def run_print_queries(dashboards):
    for path, text in dashboards:
        dashboard = json.loads(text)
        names = dashboard_variable_names(dashboard)
        for panel, ref_id, expr in dashboard_queries(dashboard):
            filled = one_line(fill_variables(expr, names))
            print(json.dumps({"dashboard": dashboard.get("title", relative(path)), "panel": panel,
                              "refId": ref_id, "expr": filled}))
    return 0


def run_list_metrics(dashboards, rules, exported_only):
    names = set()
    for _, text in dashboards:
        dashboard = json.loads(text)
        variables = dashboard_variable_names(dashboard)
        for _, _, expr in dashboard_queries(dashboard):
            names |= selector_names(fill_variables(expr, variables))
        for variable in dashboard.get("templating", {}).get("list", []):
            match = re.fullmatch(r"\s*label_values\((.+),\s*\w+\)\s*", variable_query_text(variable))
            if match:
                names |= selector_names(fill_variables(match.group(1), variables))
    for rule in rules:
        names |= selector_names(rule["expr"])
    if exported_only:
        names = {name for name in names if ":" not in name and name not in PROMETHEUS_GENERATED_SERIES}
    for name in sorted(names):
        print(name)
    return 0


# ---------------------------------------------------------------------------
# Self-test
# ---------------------------------------------------------------------------

SCOPE = 'otel_scope_name="LlmObservability"'


def self_test_dashboard(expr, **changes):
    """Return the JSON text of a minimal dashboard with one panel and target."""
    target = {"datasource": dict(DATASOURCE_REF), "expr": expr, "refId": "A"}
    panel = {"id": 1, "type": "timeseries", "title": "Self-test panel", "datasource": dict(DATASOURCE_REF),
             "targets": [target]}
    variables = [
        {"type": "datasource", "name": "datasource", "query": "prometheus"},
        {"type": "query", "name": "job", "datasource": dict(DATASOURCE_REF), "includeAll": True,
         "allValue": ".*", "query": {"qryType": 1, "query": "label_values(up, job)"}},
    ]
    dashboard = {"id": None, "uid": "self-test", "title": "Self-test", "schemaVersion": 39,
                 "templating": {"list": variables}, "panels": [panel]}
    for key, value in changes.items():
        owner = {"target": target, "panel": panel, "dashboard": dashboard, "variable": variables[1]}[key.split("__")[0]]
        field = key.split("__")[1]
        if value is None and field.startswith("drop_"):
            owner.pop(field[len("drop_"):], None)
        else:
            owner[field] = value
    return json.dumps(dashboard)


def run_self_test():
    recording_rules = {"llm:cost_usd:rate1h"}
    alert_names = {"LlmUnpricedModelSeen"}
    good_expressions = [
        'sum by (job) (rate(llm_usage_cost_USD_total{%s, job=~"$job"}[$__rate_interval]))' % SCOPE,
        "histogram_quantile(0.95, sum by (le, gen_ai_request_model) "
        "(rate(gen_ai_client_operation_duration_seconds_bucket{%s}[5m])))" % SCOPE,
        "(sum(rate(gen_ai_client_operation_duration_seconds_count{%s, error_type!=\"\"}[5m])) or vector(0))"
        " / sum(rate(gen_ai_client_operation_duration_seconds_count{%s}[5m]))" % (SCOPE, SCOPE),
        "sum by (job) ((llm_requests_unpriced_total{%s} unless llm_requests_unpriced_total{%s} offset 10m)"
        " or increase(llm_requests_unpriced_total{%s}[10m])) > 0" % (SCOPE, SCOPE, SCOPE),
        'sum(llm:cost_usd:rate1h{job=~"$job"}) * 86400 * 30',
        'ALERTS{alertname="LlmUnpricedModelSeen", alertstate="firing"}',
        'label_replace(sum by (llm_tag_feature) (rate(llm_usage_cost_USD_total{%s}[5m])), '
        '"llm_tag_feature", "untagged", "llm_tag_feature", "")' % SCOPE,
        "sum(increase(llm_usage_cost_USD_total{%s}[$__range]))" % SCOPE,
        'dotnet_process_memory_working_set_bytes{job=~"$job"}',
        'process_thread_count{job=~"$job"}',
        "max_over_time(rate(http_server_request_duration_seconds_count[5m])[1h:1m])",
    ]
    bad_expressions = [
        ("raw counter under sum", "sum(llm_usage_cost_USD_total{%s})" % SCOPE, "is a counter or histogram"),
        ("aggregation inside rate", "rate(sum(llm_usage_cost_USD_total{%s})[5m:1m])" % SCOPE,
         "is a counter or histogram"),
        ("delta on a counter", "delta(llm_usage_cost_USD_total{%s}[5m])" % SCOPE, "is a counter or histogram"),
        ("raw difference of a counter",
         "llm_usage_cost_USD_total{%s} - llm_usage_cost_USD_total{%s} offset 1h" % (SCOPE, SCOPE),
         "is a counter or histogram"),
        ("raw histogram count", "http_server_request_duration_seconds_count", "is a counter or histogram"),
        ("quantile without aggregation",
         "histogram_quantile(0.95, rate(gen_ai_client_operation_duration_seconds_bucket{%s}[5m]))" % SCOPE,
         "by (le, ...)"),
        ("quantile aggregated without le",
         "histogram_quantile(0.95, sum by (job) (rate(gen_ai_client_operation_duration_seconds_bucket{%s}[5m])))"
         % SCOPE, "by (le, ...)"),
        ("quantile aggregated with without",
         "histogram_quantile(0.95, sum without (job) (rate(gen_ai_client_operation_duration_seconds_bucket{%s}"
         "[5m])))" % SCOPE, "by (le, ...)"),
        ("LLM series without scope", "sum(rate(gen_ai_client_operation_duration_seconds_count[5m]))",
         "does not select otel_scope_name"),
        ("LLM series with a scope regex",
         'sum(rate(llm_usage_tokens_total{otel_scope_name=~"LlmObservability"}[5m]))',
         "does not select otel_scope_name"),
        ("undefined recording rule", "sum(llm:cost_usd:rate2h)", "not defined by any recording rule"),
        ("undefined alert", 'ALERTS{alertname="NoSuchAlert"}', "which no alert rule defines"),
        ("variable with equality", 'sum(rate(http_server_request_duration_seconds_count{job="$job"}[5m]))',
         "use =~ or !~"),
        ("unknown variable", 'sum(rate(http_server_request_duration_seconds_count{job=~"$service"}[5m]))',
         "$service is neither"),
        ("unbalanced parenthesis", "sum(rate(http_server_request_duration_seconds_count[5m])", "invalid PromQL"),
    ]
    bad_dashboards = [
        ("id is not null", self_test_dashboard("up", dashboard__id=7), '"id" must be null'),
        ("id is missing", self_test_dashboard("up", dashboard__drop_id=None), '"id" must be null'),
        ("DS_ placeholder", self_test_dashboard("up", panel__datasource="${DS_PROMETHEUS}"), "${DS_"),
        ("fixed panel datasource",
         self_test_dashboard("up", panel__datasource={"type": "prometheus", "uid": "abc123"}),
         "panel datasource must be"),
        ("target without datasource", self_test_dashboard("up", target__drop_datasource=None),
         "target datasource must be"),
        ("panel without targets", self_test_dashboard("up", panel__targets=[]), "panel has no targets"),
        ("missing uid", self_test_dashboard("up", dashboard__uid=""), '"uid" must be'),
        ("variable without All", self_test_dashboard("up", variable__includeAll=False), "All option"),
        ("variable not label_values", self_test_dashboard("up", variable__query={"query": "up"}),
         "label_values(selector, label)"),
        ("LLM variable without scope",
         self_test_dashboard("up", variable__query={"query": "label_values(llm_usage_tokens_total, job)"}),
         "does not select otel_scope_name"),
        ("no datasource variable", self_test_dashboard("up", dashboard__templating={"list": []}),
         'template variable "datasource"'),
        ("invalid JSON", '{"id": null, "panels": [', "invalid JSON"),
    ]
    rule_text = (
        "groups:\n"
        "  - name: example\n"
        "    rules:\n"
        "      - record: 'llm:example:rate5m'\n"
        "        expr: |\n"
        "          sum by (job) (\n"
        "            rate(llm_usage_tokens_total{otel_scope_name=\"LlmObservability\"}[5m])\n"
        "          )\n"
        "\n"
        "      - alert: Example\n"
        "        expr: llm:example:rate5m > 1  # a YAML comment\n"
        "        for: 5m\n"
    )

    passed, failed = 0, 0

    def report(ok, description, detail):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL %s: %s" % (description, detail))

    for expr in good_expressions:
        text = self_test_dashboard(expr)
        found = check_dashboard_text(text, "good", recording_rules, alert_names)
        report(not found, "accepts %s" % expr, "; ".join(found))
    for description, expr, expected in bad_expressions:
        found = check_dashboard_text(self_test_dashboard(expr), "bad", recording_rules, alert_names)
        report(any(expected in problem for problem in found), description,
               "expected a problem containing %r, found %r" % (expected, found))
    for description, text, expected in bad_dashboards:
        found = check_dashboard_text(text, "bad", recording_rules, alert_names)
        report(any(expected in problem for problem in found), description,
               "expected a problem containing %r, found %r" % (expected, found))

    rules = read_rules_text(rule_text, "example.yml")
    report([(rule["kind"], rule["name"]) for rule in rules] == [("record", "llm:example:rate5m"),
                                                                 ("alert", "Example")],
           "rule reader finds names", repr(rules))
    report(rules[0]["expr"].startswith("sum by (job) (\n  rate(") and rules[0]["expr"].endswith(")"),
           "rule reader keeps block scalars", repr(rules[0]["expr"]))
    report(rules[1]["expr"] == "llm:example:rate5m > 1", "rule reader drops comments", repr(rules[1]["expr"]))
    for rule in rules:
        rule["file"] = "example.yml"
    report(not check_rules(rules, {"llm:example:rate5m"}, {"Example"}), "rule check accepts valid rules",
           repr(check_rules(rules, {"llm:example:rate5m"}, {"Example"})))
    raw_rule = [{"kind": "record", "name": "llm:bad", "expr": "sum(llm_usage_tokens_total{%s})" % SCOPE,
                 "file": "example.yml", "line": 1}]
    report(any("is a counter or histogram" in problem for problem in check_rules(raw_rule, set(), set())),
           "rule check rejects raw counters", repr(check_rules(raw_rule, set(), set())))

    filled = fill_variables('rate(x_total{job=~"$job", model=~"${model}"}[$__rate_interval]) @ $__range_s',
                            {"job", "model"})
    report(filled == 'rate(x_total{job=~".*", model=~".*"}[1m]) @ 3600', "fills variables", filled)

    print("self-test: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Check the Grafana dashboards and Prometheus rules of LlmObservability.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--print-queries", action="store_true",
                      help="print each panel expression with template variables filled in, as one JSON object "
                           "a line with the keys dashboard, panel, refId and expr")
    mode.add_argument("--list-metrics", action="store_true",
                      help="print every metric name that the dashboards and rules use, one a line")
    mode.add_argument("--self-test", action="store_true",
                      help="check known-bad input and confirm that each problem is reported")
    parser.add_argument("--exported-only", action="store_true",
                        help="with --list-metrics, leave out recording rule names and series that Prometheus "
                             "makes itself (ALERTS, up)")
    parser.add_argument("--prometheus-config", default=DEFAULT_PROMETHEUS_CONFIG,
                        help="prometheus.yml whose rule_files are checked (default: %(default)s)")
    parser.add_argument("dashboards", nargs="*",
                        help="dashboard JSON files (default: every *.json in %s)" % DEFAULT_DASHBOARD_DIR)
    args = parser.parse_args(argv)

    if args.self_test:
        return run_self_test()
    dashboard_paths = args.dashboards or sorted(glob.glob(os.path.join(DEFAULT_DASHBOARD_DIR, "*.json")))
    if not dashboard_paths:
        print("ERROR no dashboard files found in %s" % DEFAULT_DASHBOARD_DIR, file=sys.stderr)
        return 1
    try:
        dashboards = load_dashboards(dashboard_paths)
        rules = load_rules(read_rule_file_list(args.prometheus_config))
        if args.print_queries:
            return run_print_queries(dashboards)
        if args.list_metrics:
            return run_list_metrics(dashboards, rules, args.exported_only)
        return run_check(dashboards, rules)
    except BrokenPipeError:
        # The reader of --print-queries or --list-metrics closed the pipe
        # early, for example "| head". Send the rest of the output nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, CheckError, ValueError) as error:
        print("ERROR %s" % error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
