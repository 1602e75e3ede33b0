#!/usr/bin/env python3
"""Check that the reference docs list what the code defines, and nothing else.

docs/configuration.md:
  * every public property of the option classes (src/LlmObservability/*Options*.cs
    and LlmModelPrice.cs) has a row in the table under its class heading,
    with the configuration key the binder reads, or "none" for a callback,
    which configuration cannot set;
  * every row names a property of its class, with that key.
  The tables are found by their headings: a heading that names a class in
  backticks, such as "## `LlmPricingOptions`", starts that class's table, and
  each row starts with "| `Property` | `Key` |". Placeholders in keys, such as
  {model}, may have any name.

docs/telemetry.md:
  * every instrument that src/LlmObservability/Telemetry creates (the
    SemanticConventions constant passed to Meter.Create...) appears in
    backticks;
  * every row of the metrics table (the table whose first header cell is
    "Instrument") names an instrument the code creates.

The script uses the Python standard library only, prints each problem, and
exits with status 1 if it found any. --self-test runs the checks on known-bad
input and confirms that each case is reported.
"""

import argparse
import glob
import os
import re
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORE_DIR = os.path.join(REPO_ROOT, "src", "LlmObservability")
CONFIGURATION_DOC = os.path.join(REPO_ROOT, "docs", "configuration.md")
TELEMETRY_DOC = os.path.join(REPO_ROOT, "docs", "telemetry.md")

ROOT_OPTIONS_CLASS = "LlmObservabilityOptions"
ROOT_SECTION = "LlmObservability"

CLASS_PATTERN = re.compile(r"^\s*public\s+(?:sealed\s+|static\s+|partial\s+)*class\s+(\w+)", re.M)
PROPERTY_PATTERN = re.compile(r"^\s*public\s+(?!class\b|static\b|const\b)(?P<type>.+?)\s+(?P<name>\w+)\s*\{\s*get;", re.M)
DICTIONARY_PATTERN = re.compile(r"^I?(?:ReadOnly)?Dictionary<\s*string\s*,\s*(\w+)\s*>$")
LIST_PATTERN = re.compile(r"^I?(?:List|Collection|Enumerable)<\s*\w+\s*>$|^\w+\[\]$")
DELEGATE_PATTERN = re.compile(r"^(?:Func|Action)\b|^System\.(?:Func|Action)\b")
HEADING_PATTERN = re.compile(r"^#+\s.*?`(\w+)`")
ROW_PATTERN = re.compile(r"^\|\s*`(\w+)`\s*\|\s*([^|]*?)\s*\|")
PLACEHOLDER_PATTERN = re.compile(r"\{[^}]*\}")


def read(path):
    with open(path, encoding="utf-8") as file:
        return file.read()


def parse_option_classes(sources):
    """Return {class name: [(property, type)]} for the public classes in the given C# sources."""
    classes = {}
    for text in sources:
        # Each option class has its own file, so the properties of a file belong to its first public class.
        match = CLASS_PATTERN.search(text)
        if match:
            classes[match.group(1)] = [(m.group("name"), m.group("type").strip()) for m in PROPERTY_PATTERN.finditer(text)]
    return classes


def expected_keys(classes):
    """Return {(class, property): key or None} and the classes not reachable from the root options class.

    A key of None marks a callback, which configuration cannot set.

    Keys are built from the root section down: a property whose type is another option class is a section, a
    dictionary of an option class is a section per entry ({} stands for the entry's name), and a dictionary or list of
    plain values takes one key per entry.
    """
    keys = {}
    pending = [(ROOT_OPTIONS_CLASS, ROOT_SECTION)]
    visited = set()
    while pending:
        class_name, prefix = pending.pop()
        if class_name in visited or class_name not in classes:
            continue
        visited.add(class_name)
        for name, type_name in classes[class_name]:
            bare_type = type_name.rstrip("?")
            key = f"{prefix}:{name}"
            dictionary = DICTIONARY_PATTERN.match(bare_type)
            if DELEGATE_PATTERN.match(bare_type):
                keys[(class_name, name)] = None
            elif bare_type in classes:
                keys[(class_name, name)] = key
                pending.append((bare_type, key))
            elif dictionary and dictionary.group(1) in classes:
                keys[(class_name, name)] = key + ":{}"
                pending.append((dictionary.group(1), key + ":{}"))
            elif dictionary:
                keys[(class_name, name)] = key + ":{}"
            elif LIST_PATTERN.match(bare_type):
                keys[(class_name, name)] = key + ":{}"
            else:
                keys[(class_name, name)] = key
    unreachable = sorted(set(classes) - visited)
    return keys, unreachable


def parse_documented_options(markdown, class_names):
    """Return [(class, property, key cell, line number)] for the option rows of the configuration doc."""
    rows = []
    current = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        heading = HEADING_PATTERN.match(line)
        if heading:
            current = heading.group(1) if heading.group(1) in class_names else None
            continue
        if line.startswith("#"):
            current = None
            continue
        row = ROW_PATTERN.match(line)
        if current and row:
            rows.append((current, row.group(1), row.group(2), number))
    return rows


def normalize_key(cell):
    """Return the key of a table cell with every placeholder written as {}, or None when the cell has no key."""
    match = re.fullmatch(r"`([^`]+)`(?:\s.*)?", cell)
    if not match:
        return None
    return PLACEHOLDER_PATTERN.sub("{}", match.group(1))


def check_configuration(classes, markdown):
    problems = []
    keys, unreachable = expected_keys(classes)
    for class_name in unreachable:
        problems.append(f"{class_name} is not reachable from {ROOT_OPTIONS_CLASS}, so its configuration keys are unknown")

    rows = parse_documented_options(markdown, set(classes))
    documented = {}
    for class_name, name, cell, number in rows:
        where = f"docs/configuration.md:{number}"
        if (class_name, name) in documented:
            problems.append(f"{where}: {class_name}.{name} is documented twice")
            continue
        documented[(class_name, name)] = cell
        if (class_name, name) not in keys:
            problems.append(f"{where}: {class_name}.{name} is documented but the code has no such property")
            continue
        expected = keys[(class_name, name)]
        actual = normalize_key(cell)
        if expected is None and actual is not None:
            problems.append(f"{where}: {class_name}.{name} is a callback, which configuration cannot set, "
                            f"but its key cell is {cell}; write 'none' and how to set it in code")
        elif expected is not None and actual != expected:
            expected_display = expected.replace("{}", "{name}")
            problems.append(f"{where}: {class_name}.{name} has key cell {cell}, expected `{expected_display}` "
                            "(any placeholder name may stand for {name})")

    for class_name, name in sorted(keys):
        if (class_name, name) not in documented:
            problems.append(f"docs/configuration.md: {class_name}.{name} is missing; add a row under the "
                            f"`{class_name}` heading")
    return problems


def parse_constants(text):
    """Return {dotted path: value} for the string constants of a C# file, with the path of their nested classes."""
    constants = {}
    stack = []
    depth = 0
    pending_class = None
    for line in text.splitlines():
        class_match = re.match(r"^\s*(?:public|internal|private)?\s*(?:static\s+)?(?:partial\s+)?class\s+(\w+)", line)
        if class_match:
            pending_class = class_match.group(1)
        constant = re.match(r'^\s*public\s+const\s+string\s+(\w+)\s*=\s*"([^"]*)"', line)
        if constant:
            path = ".".join([name for name, _ in stack] + [constant.group(1)])
            constants[path] = constant.group(2)
        for char in line:
            if char == "{":
                depth += 1
                if pending_class:
                    stack.append((pending_class, depth))
                    pending_class = None
            elif char == "}":
                if stack and stack[-1][1] == depth:
                    stack.pop()
                depth -= 1
    return constants


def instrument_names(conventions_text, instrument_sources):
    """Return {instrument name: constant path} for every Meter.Create... call that passes a convention constant."""
    constants = parse_constants(conventions_text)
    # Call sites name the constants through an alias of the outer class SemanticConventions, so paths start below it.
    constants = {path.split(".", 1)[1]: value for path, value in constants.items() if "." in path}
    names = {}
    problems = []
    for text in instrument_sources:
        for match in re.finditer(r"\.Create\w*(?:<\w+>)?\(\s*\w+\.([\w.]+)", text):
            path = match.group(1)
            if path in constants:
                names[constants[path]] = path
            else:
                problems.append(f"an instrument is created with {path}, which is not a string constant of "
                                "SemanticConventions.cs")
    return names, problems


def documented_instruments(markdown):
    """Return the first-column names of the table whose first header cell is "Instrument"."""
    names = []
    in_table = False
    for line in markdown.splitlines():
        if re.match(r"^\|\s*Instrument\s*\|", line):
            in_table = True
            continue
        if in_table:
            if not line.startswith("|"):
                in_table = False
                continue
            cell = re.match(r"^\|\s*`([^`]+)`", line)
            if cell:
                names.append(cell.group(1))
    return names


def check_telemetry(conventions_text, instrument_sources, markdown):
    names, problems = instrument_names(conventions_text, instrument_sources)
    if not names:
        problems.append("no instrument found in the Meter.Create... calls of src/LlmObservability/Telemetry")
    for name in sorted(names):
        if f"`{name}`" not in markdown:
            problems.append(f"docs/telemetry.md: instrument `{name}` ({names[name]}) is missing")
    table = documented_instruments(markdown)
    if not table:
        problems.append("docs/telemetry.md: no metrics table whose first header cell is 'Instrument'")
    for name in table:
        if name not in names:
            problems.append(f"docs/telemetry.md: the metrics table lists `{name}`, which the code does not create")
    return problems


def run_checks():
    option_files = sorted(glob.glob(os.path.join(CORE_DIR, "*Options*.cs")))
    option_files.append(os.path.join(CORE_DIR, "LlmModelPrice.cs"))
    classes = parse_option_classes(read(path) for path in option_files)
    problems = check_configuration(classes, read(CONFIGURATION_DOC))

    telemetry_dir = os.path.join(CORE_DIR, "Telemetry")
    instrument_sources = [read(path) for path in sorted(glob.glob(os.path.join(telemetry_dir, "*.cs")))]
    problems += check_telemetry(read(os.path.join(telemetry_dir, "SemanticConventions.cs")), instrument_sources,
                                read(TELEMETRY_DOC))
    return problems, classes


SELF_TEST_OPTIONS = [
    """public class LlmObservabilityOptions
    {
        public bool Enabled { get; set; } = true;
        public Func<string, string>? RedactContent { get; set; }
        public IList<string> MetricTags { get; } = new List<string>();
        public LlmPricingOptions Pricing { get; } = new();
        public int NewSetting { get; set; }
    }""",
    """public class LlmPricingOptions
    {
        public IDictionary<string, LlmModelPrice> Models { get; } = new Dictionary<string, LlmModelPrice>();
    }""",
    """public class LlmModelPrice
    {
        public decimal? Input { get; set; }
    }""",
]

SELF_TEST_CONFIGURATION = """
## `LlmObservabilityOptions`
| Property | Key |
|---|---|
| `Enabled` | `LlmObservability:Enabled` |
| `RedactContent` | `LlmObservability:RedactContent` |
| `MetricTags` | `LlmObservability:MetricTags:{index}` |
| `Pricing` | `LlmObservability:Pricing` |
| `RemovedSetting` | `LlmObservability:RemovedSetting` |

## `LlmPricingOptions`
| `Models` | `LlmObservability:Pricing:Model:{model}` |

## `LlmModelPrice`
| `Input` | `LlmObservability:Pricing:Models:{model}:Input` |
| `Input` | `LlmObservability:Pricing:Models:{model}:Input` |
"""

SELF_TEST_CONVENTIONS = """internal static class SemanticConventions
{
    public static class GenAI
    {
        public static class Client
        {
            public static class OperationDuration
            {
                public const string Name = "gen_ai.client.operation.duration";
            }
        }
    }

    public static class Llm
    {
        public const string TokenType = "llm.token.type";
        public const string UsageCost = "llm.usage.cost";
    }
}"""

SELF_TEST_INSTRUMENTS = """
    OperationDuration = Meter.CreateHistogram(
        Conventions.GenAI.Client.OperationDuration.Name, "s", "Duration.");
    UsageCost = Meter.CreateCounter<double>(Conventions.Llm.UsageCost, "USD", "Spend.");
    Broken = Meter.CreateCounter<long>(Conventions.Llm.Missing, "{request}", "No constant.");
"""

SELF_TEST_TELEMETRY = """
| Instrument | Kind |
|---|---|
| `gen_ai.client.operation.duration` | histogram |
| `llm.usage.removed` | counter |
"""


def self_test():
    classes = parse_option_classes(SELF_TEST_OPTIONS)
    problems = check_configuration(classes, SELF_TEST_CONFIGURATION)
    problems += check_telemetry(SELF_TEST_CONVENTIONS, [SELF_TEST_INSTRUMENTS], SELF_TEST_TELEMETRY)
    expected = {
        "property missing from the doc": "LlmObservabilityOptions.NewSetting is missing",
        "documented property not in the code": "RemovedSetting is documented but the code has no such property",
        "callback documented with a key": "RedactContent is a callback",
        "wrong key": "LlmPricingOptions.Models has key cell",
        "row documented twice": "LlmModelPrice.Input is documented twice",
        "instrument missing from the doc": "instrument `llm.usage.cost` (Llm.UsageCost) is missing",
        "documented instrument not in the code": "lists `llm.usage.removed`, which the code does not create",
        "instrument with an unknown constant": "created with Llm.Missing",
    }
    failures = [case for case, text in expected.items() if not any(text in problem for problem in problems)]
    accepted = [p for p in problems if "MetricTags" in p or ".Enabled " in p or "Pricing has" in p]
    for case in failures:
        print(f"self-test FAIL: not reported: {case}")
    for problem in accepted:
        print(f"self-test FAIL: a correct row was reported: {problem}")
    if failures or accepted:
        print("\nProblems reported:\n  " + "\n  ".join(problems))
        return 1
    print(f"self-test: all {len(expected)} known-bad cases reported, no correct row reported")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--self-test", action="store_true", help="run the checks on known-bad input")
    args = parser.parse_args()
    if args.self_test:
        return self_test()

    problems, classes = run_checks()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} documentation problems found")
        return 1
    properties = sum(len(props) for props in classes.values())
    print(f"docs match the code: {properties} option properties in {len(classes)} classes, and every instrument")
    return 0


if __name__ == "__main__":
    sys.exit(main())
