"""The dbt project's SQL stays portable: models, macros and data tests build on DuckDB and on Spark.

Engine-only SQL belongs in an `adapter.dispatch` implementation (a macro named `duckdb__*` or
`spark__*` in dbt_project/macros/), which this scan skips. Everything else is read line by line,
with SQL and Jinja comments and the text of string literals blanked out, against RULES. Schema
YAML is read for what dbt turns into SQL: contract `data_type`s and the arguments of data tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"
SCANNED_FOLDERS = ("models", "tests", "macros", "seeds")


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    advice: str


def _rule(name: str, pattern: str, advice: str) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), advice)


# One rule per construct that one of the two engines rejects or reads differently.
RULES: tuple[Rule, ...] = (
    _rule(
        "qualify",
        r"\bqualify\b",
        "Spark has no QUALIFY: number the rows with row_number() in a subquery and filter it in the outer where",
    ),
    _rule("try_cast", r"\btry_cast\s*\(", "use {{ cast_or_null(expression, type) }} (macros/portable/cast.sql)"),
    _rule("arg_max/arg_min", r"\barg_(max|min)\s*\(", "use max_by(value, ordering) / min_by, which both engines have"),
    _rule(
        "list function",
        r"\b(list_\w+|list|array_transform|array_filter)\s*\(",
        "DuckDB list functions: aggregate or join instead, or add a dispatched macro in dbt_project/macros/",
    ),
    _rule(
        "lambda or JSON arrow",
        r"->",
        "DuckDB lambdas and ->/->> JSON operators: use {{ json_text(column, 'key') }} for JSON fields",
    ),
    _rule(
        "format()",
        r"\b(format|printf)\s*\(",
        "use {{ format_decimal(expression, places) }} or {{ format_thousands(expression) }} joined with ||",
    ),
    _rule(
        "string_agg",
        r"\b(string_agg|group_concat)\s*\(|(?<!\.)\blistagg\s*\(",
        "use {{ listagg_sorted(measure, delimiter, 'order by ...') }} (dbt_project/macros/portable/listagg.sql)",
    ),
    _rule("isnan", r"\bisnan\s*\(", "use {{ is_nan(expression) }}"),
    _rule(":: cast", r"::", "use cast(expression as {{ dbt.type_int() }}) (or another dbt.type_* macro)"),
    _rule(
        "engine type name",
        r"\b(varchar|double|hugeint|ubigint|real|float4|float8|text)\b",
        "use {{ dbt.type_string() }}, {{ type_double() }}, {{ dbt.type_int() }} or {{ dbt.type_bigint() }}",
    ),
    _rule("ilike", r"\bilike\b", "use lower(expression) like lower(pattern)"),
    _rule("strftime/strptime", r"\b(strftime|strptime)\s*\(", "use {{ parse_date(expression, format) }}"),
    _rule("epoch", r"\bepoch(_ms|_us|_ns)?\s*\(", "use {{ dbt.datediff(...) }}"),
    _rule(
        "regexp_matches",
        r"\b(regexp_matches|regexp_full_match)\s*\(",
        "use {{ regexp_contains(expression, pattern) }} or {{ regexp_full_match(expression, pattern) }}",
    ),
    _rule(
        "string_split/unnest",
        r"\b(string_split|str_split|unnest|string_to_array)\s*\(",
        "use {{ cross_join_split(expression, delimiter, item) }} after the FROM item",
    ),
    _rule("range()", r"(?<!\.)\b(range|generate_series)\s*\(", "use {{ dbt.generate_series(upper_bound) }}"),
    _rule("select * exclude/replace", r"\*\s*(exclude|replace)\s*\(", "name the columns"),
    _rule("group by all", r"\bgroup\s+by\s+all\b", "name the grouping columns"),
    _rule("columns()", r"\bcolumns\s*\(", "name the columns"),
    _rule("pivot", r"\b(pivot|unpivot)\b", "pivot with max(case when ... end) per column"),
    _rule(
        "struct/regexp_extract list",
        r"regexp_extract\s*\([^)]*\[",
        "call regexp_extract(expression, pattern, group_index) once per group",
    ),
    _rule(
        "date_trunc/interval arithmetic",
        r"(?<!\.)\bdate_trunc\s*\(|\binterval\s+'?\d",
        "use {{ dbt.date_trunc(...) }} and {{ dbt.dateadd(...) }}",
    ),
    _rule(
        "any_value/bool_or",
        r"(?<!\.)\b(any_value|bool_or)\s*\(",
        "use {{ dbt.any_value(...) }} / {{ dbt.bool_or(...) }}",
    ),
)

TRAILING_COMMA = Rule(
    "trailing comma",
    re.compile("x"),
    "delete the comma after the last column: Spark rejects a trailing comma before FROM, UNION, ) ...",
)

# What dbt's contract check gets through unchanged on both engines: dbt renders no macros in a
# data_type (only target, var and env_var), so the portable spelling is the type name itself.
CONTRACT_TYPES = frozenset({"string", "double", "integer", "int", "bigint", "boolean", "date", "timestamp"})
# Test arguments that are SQL (generic tests' expressions and bounds, and the `where` config).
SQL_ARGUMENTS = frozenset({"expression", "min_value", "max_value", "where", "condition"})

ENGINE_MACRO = re.compile(r"\{%-?\s*macro\s+(duckdb|spark)__\w+.*?\{%-?\s*endmacro\s*-?%\}", re.DOTALL)
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
STRING_LITERAL = re.compile(r"'(?:[^']|'')*'")
LINE_COMMENT = re.compile(r"--.*$")
JINJA_STATEMENT_LINE = re.compile(r"^\s*\{%.*%\}\s*$")
# What can follow a select list (or a call's arguments) but never a comma.
CLAUSE_AFTER_SELECT_LIST = re.compile(
    r"\s*(\)|(from|union|intersect|except|where|group\s+by|order\s+by|having|limit|window|qualify)\b)", re.IGNORECASE
)


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    rule: Rule
    text: str

    def __str__(self) -> str:
        where = self.path.relative_to(DBT_PROJECT.parent)
        return f"{where}:{self.line}: {self.rule.name}: {self.text.strip()} -> {self.rule.advice}"


def _blank(match: re.Match[str]) -> str:
    """The match's text replaced by spaces, its line breaks kept, so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _blank_quoted(text: str) -> str:
    return STRING_LITERAL.sub(lambda m: "'" + " " * (len(m.group(0)) - 2) + "'", text)


def portable_lines(sql: str) -> list[str]:
    """The lines of a SQL or Jinja file as the rules read them: engine macros, comments and
    string literals blanked out."""
    sql = ENGINE_MACRO.sub(_blank, sql)
    sql = JINJA_COMMENT.sub(_blank, sql)
    # Jinja strings inside {{ }} and {% %} hold SQL for the macros to place; they are read with it.
    return [_blank_quoted(LINE_COMMENT.sub("", line)) for line in sql.splitlines()]


def scan_sql(path: Path, sql: str, first_line: int = 1) -> list[Finding]:
    original = sql.splitlines()
    lines = portable_lines(sql)
    findings = []
    for index, line in enumerate(lines):
        for rule in RULES:
            if rule.pattern.search(line):
                findings.append(Finding(path, first_line + index, rule, original[index]))
        previous = lines[index - 1].rstrip() if index else ""
        if MACRO_THEN_FILTER.search(line) or (previous.endswith("}}") and FILTER_CLAUSE.match(line)):
            findings.append(Finding(path, first_line + index, FILTER_AFTER_MACRO, original[index]))
        if line.rstrip().endswith(","):
            following = next(
                (later for later in lines[index + 1 :] if later.strip() and not JINJA_STATEMENT_LINE.match(later)),
                "",
            )
            if CLAUSE_AFTER_SELECT_LIST.match(following):
                findings.append(Finding(path, first_line + index, TRAILING_COMMA, original[index]))
    return findings


def _walk_yaml(node: yaml.Node, keys: tuple[str, ...] = ()):
    """(mapping keys above it, scalar node) for every scalar value of a YAML document."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield from _walk_yaml(value_node, (*keys, key_node.value))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk_yaml(item, keys)
    elif isinstance(node, yaml.ScalarNode):
        yield keys, node


# FILTER binds to the last aggregate of what a macro renders (Spark's listagg is array_join(collect_list(..)),
# not an aggregate at its outside), so the condition goes into the measure instead.
FILTER_CLAUSE = re.compile(r"\s*filter\s*\(", re.IGNORECASE)
MACRO_THEN_FILTER = re.compile(r"\}\}\s*filter\s*\(", re.IGNORECASE)
FILTER_AFTER_MACRO = Rule(
    "filter after a macro",
    re.compile("x"),
    "put the condition into the measure: {{ listagg_sorted(\"case when <condition> then x end\", ...) }}",
)

CONTRACT_TYPE_RULE = Rule(
    "contract data_type",
    re.compile("x"),
    f"declare one of {', '.join(sorted(CONTRACT_TYPES))}: both engines accept these names",
)


def scan_yaml(path: Path, text: str) -> list[Finding]:
    findings = []
    document = yaml.compose(text)
    if document is None:
        return findings
    for keys, node in _walk_yaml(document):
        key = keys[-1] if keys else None
        # A seed's column_types go into its CREATE TABLE as written, as a contract's data_type does.
        is_type = key == "data_type" or (len(keys) >= 2 and keys[-2] == "column_types")
        line = node.start_mark.line + 1
        # An engine's own type name chosen on target.type is a deliberate, visible exception.
        engine_choice = "{{" in node.value and "target.type" in node.value
        if is_type and node.value.strip().lower() not in CONTRACT_TYPES and not engine_choice:
            findings.append(Finding(path, line, CONTRACT_TYPE_RULE, f"{key}: {node.value}"))
        elif key in SQL_ARGUMENTS:
            findings.extend(
                Finding(path, line, finding.rule, f"{key}: {node.value}") for finding in scan_sql(path, node.value)
            )
    return findings


def scan_project(root: Path = DBT_PROJECT) -> list[Finding]:
    findings = []
    for folder in SCANNED_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix == ".sql":
                findings.extend(scan_sql(path, path.read_text()))
            elif path.suffix in {".yml", ".yaml"}:
                findings.extend(scan_yaml(path, path.read_text()))
    return findings


def test_dbt_project_sql_is_portable():
    findings = scan_project()
    assert not findings, (
        f"{len(findings)} engine-only construct(s); move engine-specific SQL into a duckdb__/spark__ macro:\n"
        + "\n".join(str(finding) for finding in findings)
    )


@pytest.mark.parametrize(
    ("sql", "rule"),
    [
        ("select a,\n    b,\nfrom t", TRAILING_COMMA.name),
        ("select a,\n{%- endfor %}\nfrom t", TRAILING_COMMA.name),
        ("with v as (\n    select 1 as a,\n)", TRAILING_COMMA.name),
        ("select 1 as a,\nunion all\nselect 2", TRAILING_COMMA.name),
        ("select {{ listagg_sorted('a') }}\n    filter (where b) as c\nfrom t", FILTER_AFTER_MACRO.name),
        ("select * from t qualify row_number() over () = 1", "qualify"),
        ("select try_cast(a as date) from t", "try_cast"),
        ("select arg_max(a, b) from t", "arg_max/arg_min"),
        ("select list_transform(a, x -> x + 1) from t", "list function"),
        ("select format('{:.1f}', a) from t", "format()"),
        ("select string_agg(a, ', ' order by a) from t", "string_agg"),
        ("select a from t where not isnan(a)", "isnan"),
        ("select a::integer from t", ":: cast"),
        ("select cast(a as varchar) from t", "engine type name"),
        ("select cast(a as double) from t", "engine type name"),
        ("select a from t where a ilike 'x%'", "ilike"),
        ("select strftime(a, '%Y') from t", "strftime/strptime"),
        ("select epoch(a) from t", "epoch"),
        ("select * exclude (a) from t", "select * exclude/replace"),
        ("select a, count(*) from t group by all", "group by all"),
    ],
)
def test_each_rule_catches_its_construct(sql, rule):
    assert rule in {finding.rule.name for finding in scan_sql(Path("x.sql"), sql)}


@pytest.mark.parametrize(
    "sql",
    [
        "select a, b\nfrom t",
        "select {{ listagg_sorted('a', \"', '\", 'order by a') }} from t",
        "select cast(a as {{ type_double() }}) from t -- a double, formatted",
        "select 'qualify, format(, isnan(' as words\nfrom t",
        "{% macro duckdb__x() %}select a::integer, from t{% endmacro %}",
    ],
)
def test_portable_sql_passes(sql):
    assert scan_sql(Path("x.sql"), sql) == []


def test_contract_types_and_test_expressions_in_yaml_are_read():
    text = (
        "models:\n  - name: m\n    columns:\n      - name: a\n        data_type: varchar\n"
        "      - name: b\n        data_type: double\n"
        '        data_tests:\n          - expression_is_true: {arguments: {expression: "b::integer > 0"}}\n'
    )
    findings = scan_yaml(Path("m.yml"), text)
    assert [(finding.line, finding.rule.name) for finding in findings] == [
        (5, "contract data_type"),
        (9, ":: cast"),
    ]


def test_seed_column_types_are_read():
    text = "seeds:\n  - name: s\n    config:\n      column_types: {a: varchar, b: double, c: string}\n"
    findings = scan_yaml(Path("s.yml"), text)
    assert [(finding.line, finding.text) for finding in findings] == [(4, "a: varchar")]
