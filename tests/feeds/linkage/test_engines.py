"""The same linkage model on both engines: DuckDB in this process and Apache Spark (local mode
here; a cluster in a deployment that outgrows one machine) find the same pairs with the same
probabilities, so the same reports become the same people.

The Spark tests need Java 17 (`make install EXTRAS=spark` installs Debian's
openjdk-17-jre-headless as root) and are skipped, saying so, only where there is none. They
need no database server, so the PostgreSQL leg leaves them out (marker `spark`)."""

import io
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from casereview.devdata.feeds_truth import make_truth_set
from casereview.feeds.linkage import engine, spark
from casereview.feeds.linkage.model import default_model
from casereview.feeds.linkage.normalise import SCHEMA, records
from casereview.feeds.linkage.run import LINK_THRESHOLD, REVIEW_LOW
from casereview.feeds.models import Report
from casereview.partnerships.models import Partnership

NO_JAVA = (
    "Spark needs Java 17 and there is none on this machine: install Debian's "
    "openjdk-17-jre-headless (make install EXTRAS=spark does, as root) or set JAVA_HOME"
)
needs_java = pytest.mark.skipif(not spark.java_available(), reason=NO_JAVA)


@pytest.fixture(scope="module")
def spark_workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A work directory for the module's Spark runs; Spark (started by the first run) is
    stopped after the module, leaving its memory to the rest of the suite."""
    try:
        import pyspark  # noqa: F401
    except ImportError:  # Java is here, so a missing pyspark is a broken install, not a skip.
        pytest.fail("pyspark is not installed: run make install EXTRAS=spark")
    yield tmp_path_factory.mktemp("linkage-work")
    spark.stop()


def truth_table(reports: int, seed: int) -> pa.Table:
    """The truth set's reports as a linkage table (unique ids 1…n), without the database."""
    truth = make_truth_set(
        people=reports // 2,
        reports=reports,
        agencies=("police", "council", "housing"),
        today=date(2026, 6, 1),
        seed=seed,
    )
    fields = ("first_name", "surname", "date_of_birth", "address", "postcode", "phone", "email")
    rows = [row for agency_rows in truth.rows.values() for row in agency_rows]
    numbered = [(n, *(row[f] or None for f in fields)) for n, row in enumerate(rows, start=1)]
    return pa.Table.from_pylist(list(records(numbered)), schema=SCHEMA)


def scored_pairs(predictions: pa.Table) -> dict[tuple[int, int], float]:
    return {
        (min(left, right), max(left, right)): probability
        for left, right, probability in zip(
            predictions.column("unique_id_l").to_pylist(),
            predictions.column("unique_id_r").to_pylist(),
            predictions.column("match_probability").to_pylist(),
            strict=True,
        )
    }


def clusters(ids: list[int], pairs: dict[tuple[int, int], float]) -> set[frozenset[int]]:
    """People: the connected components of the pairs linked at the threshold."""
    parent = {i: i for i in ids}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (left, right), probability in pairs.items():
        if probability >= LINK_THRESHOLD:
            parent[find(left)] = find(right)
    groups: dict[int, set[int]] = defaultdict(set)
    for i in ids:
        groups[find(i)].add(i)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.spark
@needs_java
def test_both_engines_link_20000_reports_into_the_same_people(spark_workdir: Path) -> None:
    table = truth_table(20_000, seed=2)
    model = default_model()

    on_duckdb = engine.predict(table, model, REVIEW_LOW, engine="duckdb")
    with override_settings(LINKAGE_WORKDIR=spark_workdir):
        on_spark = engine.predict(table, model, REVIEW_LOW, engine="spark")

    duck, sparks = scored_pairs(on_duckdb), scored_pairs(on_spark)
    assert len(duck) > 20_000  # the truth set's people report many times
    assert duck.keys() == sparks.keys()
    assert max(abs(duck[pair] - sparks[pair]) for pair in duck) < 1e-9
    ids = table.column("unique_id").to_pylist()
    people = clusters(ids, duck)
    assert clusters(ids, sparks) == people
    assert 9_000 < len(people) < 11_000  # 10,000 true people, a few split or joined
    # The pair page's explanation has the same fields whichever engine found the pair.
    assert set(on_spark.column_names) == set(on_duckdb.column_names)
    # Reports and links passed through the work directory, which each run leaves empty.
    assert [p.name for p in spark_workdir.iterdir() if p.name.startswith("run-")] == []


@pytest.mark.spark
@needs_java
@pytest.mark.django_db
def test_feeds_link_on_spark_links_the_partnership(
    newcastle: Partnership, spark_workdir: Path, tmp_path: Path
) -> None:
    robert = {
        "first_name": "Robert",
        "surname": "Lee",
        "postcode": "ST5 1AB",
        "phone": "07700900123",
    }
    agencies = newcastle.agencies.all()
    for number, agency in enumerate(agencies, start=1):
        Report.objects.create(
            partnership=newcastle,
            agency=agency,
            agency_reference=f"R-{number}",
            reported_on=date(2026, 5, number),
            behaviour_on=date(2026, 5, number),
            **robert,
        )
    out, err = io.StringIO(), io.StringIO()

    with override_settings(LINKAGE_WORKDIR=tmp_path):
        call_command(
            "feeds", "link", "--partnership", newcastle.slug, "--engine", "spark",
            stdout=out, stderr=err,
        )  # fmt: skip

    assert f"linked {len(agencies)} reports to 1 people" in out.getvalue()
    assert "on spark" in out.getvalue()
    assert "Predicting on Spark (local[*])" in err.getvalue()
    people = set(Report.objects.filter(partnership=newcastle).values_list("person", flat=True))
    assert len(people) == 1 and None not in people
    assert list(tmp_path.glob("run-*")) == []


@pytest.mark.spark
@needs_java
def test_spark_measures_names_as_duckdb_does(spark_workdir: Path) -> None:
    """Jaro-Winkler as the model's levels see it: Splink's jar counts transpositions another
    way (benjamin/beniamin 0.892 there, 0.908 in DuckDB), so Spark runs DuckDB's algorithm."""
    names = ["benjamin", "beniamin", "jeessica", "jessie", "jessica", "martha", "marhta", "a"]
    names += ["dwayne", "duane", "dixon", "dickson", "taylor", "tayler", "smith", "smyth", "jon"]
    pairs = [(x, y) for x in names for y in names] + [("jon", None)]
    table = pa.table({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]})
    connection = duckdb.connect()
    connection.register("names", table)
    query = "SELECT a, b, jaro_winkler_similarity(a, b) FROM names"
    on_duckdb = connection.execute(query).fetchall()
    with spark.quiet_pyspark_sockets():
        session = spark.session(engine.spark_config())
        frame = session.createDataFrame(pairs, "a string, b string")
        measured = frame.selectExpr("a", "b", f"{spark.JARO_WINKLER}(a, b)").collect()

    expected = {(a, b): value for a, b, value in on_duckdb}
    for a, b, value in measured:
        if expected[(a, b)] is None:
            assert value is None
        else:
            assert value == pytest.approx(expected[(a, b)], abs=1e-15), (a, b)


def test_the_setting_chooses_the_engine_and_the_command_line_overrides_it() -> None:
    with override_settings(LINKAGE_ENGINE="spark"):
        assert engine.current_engine() == "spark"
        with engine.use_engine("duckdb"):
            assert engine.current_engine() == "duckdb"
        assert engine.current_engine() == "spark"
    assert engine.current_engine() == "duckdb"
    with pytest.raises(ValueError, match="Unknown linkage engine 'flink'"):
        engine.predict(pa.table({"unique_id": [1]}), default_model(), 0.5, engine="flink")


def test_an_unknown_engine_is_refused_on_the_command_line() -> None:
    with pytest.raises(CommandError, match="invalid choice: 'flink'"):
        call_command("feeds", "link", "--partnership", "any", "--engine", "flink")


def test_spark_without_java_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spark, "_session", None)
    monkeypatch.setattr(spark, "java_available", lambda: False)
    with pytest.raises(spark.SparkUnavailable, match="openjdk-17-jre-headless"):
        spark.session(spark.SparkConfig())


def test_the_model_is_rewritten_for_spark_without_changing_what_it_learnt() -> None:
    model = default_model()
    rewritten = spark.spark_settings(model)

    assert rewritten["sql_dialect"] == "spark"
    conditions = [
        level["sql_condition"]
        for comparison in rewritten["comparisons"]
        for level in comparison["comparison_levels"]
    ]
    text = " ".join(conditions)
    assert f"{spark.JARO_WINKLER}(" in text.lower() and "array_contains(" in text.lower()
    assert "jaro_winkler_similarity" not in text.lower() and "list_contains" not in text.lower()
    assert '"' not in text  # Spark quotes names with backticks
    m_and_u = [
        (level.get("m_probability"), level.get("u_probability"))
        for comparison in model["comparisons"]
        for level in comparison["comparison_levels"]
    ]
    assert m_and_u == [
        (level.get("m_probability"), level.get("u_probability"))
        for comparison in rewritten["comparisons"]
        for level in comparison["comparison_levels"]
    ]
    assert all(
        rule["sql_dialect"] == "spark"
        for rule in rewritten["blocking_rules_to_generate_predictions"]
    )
    assert model["sql_dialect"] == "duckdb"  # the stored model is not changed
