"""The linkage model on Apache Spark, through Splink's Spark backend (`SparkAPI`), with nothing
of Django: for a deployment whose reports outgrow one machine's DuckDB.

The model is the same one DuckDB runs (the same JSON, trained or default): its SQL is written
in DuckDB's dialect, so `spark_settings` rewrites it for Spark (quoting, `list_contains` →
`array_contains`). Jaro-Winkler is the one function whose engines disagree: the `jaro_winkler`
in Splink's similarity jar counts half transpositions (benjamin/beniamin: 0.892 against
DuckDB's 0.908), which moves pairs across the model's 0.88 levels. So Spark runs DuckDB's
algorithm, written in Spark SQL as a temporary function (`DUCKDB_JARO_WINKLER`, below); it
needs no code on the executors, and gives DuckDB's value to the last bit or one bit below
(DuckDB fuses the final multiply-add), which never lands on the other side of the model's
0.88 for names up to 30 letters (every length, match and transposition count checked).
Damerau-Levenshtein (the jar's) agrees with DuckDB's at "at most 1", the only way the model
uses it.

Reports go to Spark as Parquet in a run directory under the work directory and the pairs
come back the same way; the run directory (with Splink's intermediate tables,
written there to break Spark's lineage) is removed after the run. On a cluster the work
directory must be storage the driver, the executors and this process all reach.

pyspark is an optional extra (`make install EXTRAS=spark`) and needs Java 17; it is imported
only when a Spark run starts."""

import gc
import logging
import os
import shutil
import threading
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq
import sqlglot
from sqlglot import exp

if TYPE_CHECKING:  # pragma: no cover - pyspark is optional
    from pyspark.sql import SparkSession

LOCAL_MASTER = "local[*]"
DIALECT = "spark"
JARO_WINKLER = "duckdb_jaro_winkler"
_RENAMED = {"jarowinklersimilarity": JARO_WINKLER}


def _jaro_winkler_body(a: str, b: str) -> str:
    """DuckDB's (rapidfuzz's) Jaro-Winkler of `a` and `b` in Spark SQL: each letter of `a`
    takes the first unmatched equal letter of `b` within max(len)/2 - 1 places; t is the
    matched letters out of order, halved and rounded down; Jaro is (m/|a| + m/|b| + (m - t)/m)
    / 3; above 0.7 it gains 0.1 x (1 - Jaro) for each of up to 4 leading letters in common."""
    la, lb = f"char_length({a})", f"char_length({b})"
    bound = f"greatest(CAST(greatest({la}, {lb}) / 2 AS INT) - 1, 0)"
    lo, hi = f"greatest(1, jw_i - {bound})", f"least({lb}, jw_i + {bound})"
    window = f"IF({lo} <= {hi}, sequence({lo}, {hi}), array())"
    first = (
        f"coalesce(try_element_at(filter({window}, jw_k -> substr({b}, jw_k, 1) = "
        f"substr({a}, jw_i, 1) AND NOT element_at(jw_acc.used, jw_k)), 1), 0)"
    )
    step = (
        f"(jw_acc, jw_i) -> transform(array({first}), jw_j -> named_struct("
        f"'used', transform(jw_acc.used, (jw_u, jw_x) -> jw_u OR jw_x + 1 = jw_j), "
        f"'ma', IF(jw_j > 0, concat(jw_acc.ma, substr({a}, jw_i, 1)), jw_acc.ma)))[0]"
    )
    matched = (
        f"aggregate(IF({la} > 0, sequence(1, {la}), array()), named_struct('used', "
        f"IF({lb} > 0, array_repeat(false, {lb}), array()), 'ma', ''), {step})"
    )
    m = "char_length(jw_s.ma)"
    in_b_order = (
        f"array_join(transform(filter(IF({lb} > 0, sequence(1, {lb}), array()), "
        f"jw_k2 -> element_at(jw_s.used, jw_k2)), jw_k3 -> substr({b}, jw_k3, 1)), '')"
    )
    half_t = (
        f"size(filter(IF({m} > 0, sequence(1, {m}), array()), "
        f"jw_p -> substr(jw_s.ma, jw_p, 1) != substr({in_b_order}, jw_p, 1))) DIV 2"
    )
    jaro = (
        f"transform(array({matched}), jw_s -> IF({m} = 0, 0D, "
        f"(CAST({m} AS DOUBLE) / {la} + CAST({m} AS DOUBLE) / {lb} "
        f"+ CAST({m} - {half_t} AS DOUBLE) / {m}) / 3D))[0]"
    )
    n = f"least(4, {la}, {lb})"
    prefix = (
        f"aggregate(IF({n} > 0, sequence(1, {n}), array()), 0, (jw_c, jw_q) -> "
        f"IF(jw_c = jw_q - 1 AND substr({a}, jw_q, 1) = substr({b}, jw_q, 1), jw_q, jw_c))"
    )
    return (
        f"IF({a} IS NULL OR {b} IS NULL, CAST(NULL AS DOUBLE), transform(array({jaro}), "
        f"jw_r -> IF(jw_r > 0.7D, jw_r + {prefix} * 0.1D * (1D - jw_r), jw_r))[0])"
    )


DUCKDB_JARO_WINKLER = (
    f"CREATE OR REPLACE TEMPORARY FUNCTION {JARO_WINKLER}(a STRING, b STRING) "
    f"RETURNS DOUBLE RETURN {_jaro_winkler_body('a', 'b')}"
)


@dataclass(frozen=True)
class SparkConfig:
    """Where Spark runs and how much memory it may take.

    `master`: "local[*]" (every core of this machine) or a cluster's URL
    (spark://host:7077, yarn, k8s://…). `workdir`: where reports and links are exchanged as
    Parquet; on a cluster, a path every node and this process reach (NFS, or an object store
    URL the cluster can write and this machine can read). Memory sizes in Spark's notation
    ("4g"); the driver is this process's JVM, so in local mode it is all of Spark's memory."""

    master: str = LOCAL_MASTER
    workdir: str = "var/linkage"
    driver_memory: str = "4g"
    executor_memory: str = ""
    shuffle_partitions: int = 0  # 0: two per core locally, Spark's default on a cluster


class SparkUnavailable(RuntimeError):
    """Spark cannot start here: pyspark is not installed or there is no Java."""


def java_available() -> bool:
    """Whether a Java runtime is on this machine (JAVA_HOME or `java` on the PATH)."""
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").exists():
        return True
    return shutil.which("java") is not None


def _to_spark_sql(sql: str) -> str:
    if sql.strip().upper() == "ELSE":
        return sql
    tree = sqlglot.parse_one(sql, read="duckdb")

    def rename(node: exp.Expression) -> exp.Expression:
        name = _RENAMED.get(type(node).__name__.lower())
        if name is not None:
            return exp.Anonymous(this=name, expressions=[node.this, node.expression])
        return node

    return tree.transform(rename).sql(dialect=DIALECT)


def spark_settings(model: dict[str, Any]) -> dict[str, Any]:
    """The model's Splink settings with every SQL condition and blocking rule rewritten from
    DuckDB's dialect to Spark's. The m and u values (what the model learnt) are untouched."""
    settings = dict(model)
    settings["sql_dialect"] = DIALECT
    settings["blocking_rules_to_generate_predictions"] = [
        {**rule, "blocking_rule": _to_spark_sql(rule["blocking_rule"]), "sql_dialect": DIALECT}
        if isinstance(rule, dict)
        else _to_spark_sql(rule)
        for rule in model.get("blocking_rules_to_generate_predictions", [])
    ]
    settings["comparisons"] = [
        {
            **comparison,
            "comparison_levels": [
                {**level, "sql_condition": _to_spark_sql(level["sql_condition"])}
                for level in comparison["comparison_levels"]
            ],
        }
        for comparison in model["comparisons"]
    ]
    return settings


_lock = threading.Lock()
_session: "SparkSession | None" = None


@contextmanager
def quiet_pyspark_sockets() -> Iterator[None]:
    """pyspark reads results from the JVM through local sockets it leaves to the garbage
    collector to close (pyspark.util._load_from_socket says so): each would raise a
    ResourceWarning (an error under the test suite's warnings-as-errors). Quiet only those
    of this block, collected before it ends."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="unclosed <socket", category=ResourceWarning)
        try:
            yield
        finally:
            gc.collect()


def session(config: SparkConfig) -> "SparkSession":
    """This process's Spark session, started on first use (about 10 s for the JVM) and kept
    for later runs. Spark allows one session's configuration per process: a later call with
    another config gets the first session (stop() it to change)."""
    global _session
    with _lock:
        if _session is not None:
            return _session
        if not java_available():
            raise SparkUnavailable(
                "Spark needs Java 17: install Debian's openjdk-17-jre-headless "
                "(make install EXTRAS=spark does, as root) or set JAVA_HOME."
            )
        try:
            from pyspark.sql import SparkSession
            from splink.backends.spark import similarity_jar_location
        except ImportError as error:
            raise SparkUnavailable(
                "pyspark is not installed: run make install EXTRAS=spark."
            ) from error
        local = config.master.startswith("local")
        partitions = config.shuffle_partitions or (2 * (os.cpu_count() or 2) if local else 0)
        builder = (
            SparkSession.builder.master(config.master)
            .appName("casereview-linkage")
            # Splink's Scala similarity functions (jaro_winkler, damerau_levenshtein).
            .config("spark.jars", similarity_jar_location())
            .config("spark.driver.memory", config.driver_memory)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            # Splink's SQL compares within one partnership's reports: no broadcast of a
            # table the size of the reports to every executor.
            .config("spark.sql.autoBroadcastJoinThreshold", str(64 * 1024 * 1024))
        )
        if partitions:
            builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
        if config.executor_memory:
            builder = builder.config("spark.executor.memory", config.executor_memory)
        if local:
            # Nothing listens beyond this machine; and no warning that the host name is a
            # loopback address.
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            builder = builder.config("spark.driver.host", "127.0.0.1").config(
                "spark.driver.bindAddress", "127.0.0.1"
            )
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        spark.sql(DUCKDB_JARO_WINKLER)
        _session = spark
        return spark


def stop() -> None:
    """Stop this process's Spark session (the JVM stays until the process ends)."""
    global _session
    with _lock, quiet_pyspark_sockets():
        if _session is not None:
            _session.stop()
            _session = None


def predict(
    table: pa.Table,
    model: dict[str, Any],
    threshold: float,
    *,
    config: SparkConfig,
    columns: list[str] | None = None,
) -> pa.Table:
    """Every blocked pair with match probability ≥ `threshold`, as `engine.predict` gives on
    DuckDB (the same columns and values), computed by Spark. The reports and the links pass
    through a run directory under `config.workdir`, removed afterwards. `columns`: read back
    only these (a benchmark at national scale needs the ids and probabilities, not the
    explanation of millions of pairs)."""
    run = Path(config.workdir, f"run-{uuid.uuid4().hex}").resolve()
    run.mkdir(parents=True)
    try:
        with quiet_pyspark_sockets():
            return _predict(session(config), run, table, model, threshold, columns)
    finally:
        shutil.rmtree(run, ignore_errors=True)


def _predict(
    spark: "SparkSession",
    run: Path,
    table: pa.Table,
    model: dict[str, Any],
    threshold: float,
    columns: list[str] | None,
) -> pa.Table:
    from splink import Linker
    from splink.backends.spark import SparkAPI

    pq.write_table(table, run / "reports.parquet")
    reports = spark.read.parquet(str(run / "reports.parquet"))
    # Splink writes its intermediate tables as Parquet under the checkpoint directory
    # (break_lineage_method="parquet"): Spark's plans stay short and nothing is held in memory.
    spark.sparkContext.setCheckpointDir(str(run / "checkpoints"))
    db = SparkAPI(
        spark_session=spark,
        break_lineage_method="parquet",
        # Spread the blocked pairs evenly over the executors before comparing them.
        repartition_after_blocking=True,
    )
    settings = spark_settings(model)
    settings["retain_matching_columns"] = True
    settings["retain_intermediate_calculation_columns"] = True
    linker = Linker(db.register(reports), settings, log_level=logging.WARNING)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    links = run / "links"
    predictions.as_spark_dataframe().write.parquet(str(links))
    result: pa.Table = pq.read_table(links, columns=columns)
    predictions.drop_table_from_database_and_remove_from_cache()
    return result
