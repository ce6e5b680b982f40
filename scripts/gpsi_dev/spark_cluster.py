"""A Spark standalone cluster on this machine (make spark-cluster): a master, workers of
one core and a memory cap each, and the Thrift JDBC/ODBC server (HiveServer2 protocol)
that dbt-spark's `thrift` method talks to, all started from the pyspark installation.

Every process is started in its own process group, its pid written under
`<root>/pids/`, and stopped when the `with` block ends, on an error, on Ctrl-C or on
SIGTERM; a run killed outright leaves its pid files, and the next run stops those
processes first (only a process whose command line names this cluster's folder).
Tables and the Hive metastore live under `<root>`, a path the driver and every executor
read: on one machine, the local disk; on a real cluster, storage they share.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from gpsi.errors import BuildError

log = logging.getLogger(__name__)

MASTER = "org.apache.spark.deploy.master.Master"
WORKER = "org.apache.spark.deploy.worker.Worker"
THRIFT_SERVER = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"
HOST = "127.0.0.1"
STARTUP_SECONDS = 180
STOP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _accepts(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((HOST, port)) == 0


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def stop_recorded(pid_dir: Path, marker: str) -> list[int]:
    """Stop the process group of every pid recorded in pid_dir whose command line still
    contains `marker` (a pid reused by another program is left alone); returns the pids
    stopped. SIGTERM first, SIGKILL after STOP_SECONDS."""
    stopped = []
    for pid_file in sorted(pid_dir.glob("*.pid")) if pid_dir.is_dir() else []:
        text = pid_file.read_text().strip()
        pid = int(text) if text.isdigit() else 0
        if pid and marker in _cmdline(pid) and _signal_group(pid, signal.SIGTERM):
            stopped.append(pid)
    deadline = time.monotonic() + STOP_SECONDS
    while any(_cmdline(pid) for pid in stopped) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in stopped:
        if _cmdline(pid):
            _signal_group(pid, signal.SIGKILL)
    for pid_file in pid_dir.glob("*.pid") if pid_dir.is_dir() else []:
        pid_file.unlink()
    return stopped


def _signal_group(pid: int, signum: int) -> bool:
    """Signal the process group `pid` leads; False if there is none (it just ended)."""
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        return False
    return True


class LocalCluster:
    """`with LocalCluster(root) as cluster:` a running cluster; cluster.thrift_port is
    the Thrift server's port on 127.0.0.1."""

    def __init__(self, root: Path, workers: int = 2, worker_memory: str = "2g"):
        import pyspark

        self.root = root.resolve()
        self.spark_home = Path(pyspark.__file__).parent
        self.workers = workers
        self.worker_memory = worker_memory
        self.pid_dir = self.root / "pids"
        self.log_dir = self.root / "logs"
        self.master_port = 0
        self.thrift_port = 0
        self._processes: list[subprocess.Popen] = []
        self._previous_sigterm: signal.Handlers | Callable | int | None = None

    def _properties(self) -> Path:
        """spark-defaults for every process: one executor of one core per worker, the
        tables and the metastore under root, no web UI or REST server to collide with."""
        root = self.root
        settings = {
            "spark.master.rest.enabled": "false",
            "spark.ui.enabled": "false",
            "spark.executor.cores": "1",
            "spark.executor.memory": "1g",
            "spark.cores.max": str(self.workers),
            "spark.driver.memory": "2g",
            "spark.sql.warehouse.dir": f"{root}/tables",
            "spark.hadoop.javax.jdo.option.ConnectionURL": (
                f"jdbc:derby:;databaseName={root}/metastore_db;create=true"
            ),
            "spark.driver.extraJavaOptions": f"-Dderby.system.home={root}",
        }
        path = root / "spark-defaults.conf"
        path.write_text("".join(f"{k} {v}\n" for k, v in settings.items()))
        return path

    def _start(self, name: str, command: list[str]) -> subprocess.Popen:
        log_file = (self.log_dir / f"{name}.log").open("w")
        env = {**os.environ, "SPARK_HOME": str(self.spark_home), "SPARK_LOG_DIR": str(self.log_dir)}
        process = subprocess.Popen(
            command,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=self.root,
            start_new_session=True,  # its own process group: stopped with its children
        )
        log_file.close()
        (self.pid_dir / f"{name}.pid").write_text(str(process.pid))
        self._processes.append(process)
        return process

    def _wait(self, what: str, ready, process: subprocess.Popen, name: str) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (self.log_dir / f"{name}.log").read_text(errors="replace")[-2000:]
                state = (
                    f"exited with {process.returncode}"
                    if process.poll() is not None
                    else (f"not ready after {STARTUP_SECONDS} s")
                )
                raise BuildError(f"Spark cluster: the {what} {state}; end of its log:\n{tail}")
            time.sleep(0.5)

    def start(self) -> None:
        started = time.perf_counter()
        left = stop_recorded(self.pid_dir, str(self.root))
        if left:
            log.info(f"  spark cluster: stopped {len(left)} process(es) left by an earlier run")
        for folder in (self.pid_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
        properties = ["--properties-file", str(self._properties())]
        spark_class = str(self.spark_home / "bin" / "spark-class")
        self.master_port = free_port()
        master_url = f"spark://{HOST}:{self.master_port}"
        master = self._start(
            "master",
            [spark_class, MASTER, "--host", HOST, "--port", str(self.master_port),
             "--webui-port", "0", *properties],
        )  # fmt: skip
        self._wait("master", lambda: _accepts(self.master_port), master, "master")
        for i in range(1, self.workers + 1):
            work = self.root / "work" / f"worker-{i}"
            work.mkdir(parents=True, exist_ok=True)
            self._start(
                f"worker-{i}",
                [spark_class, WORKER, "--host", HOST, "--cores", "1", "--memory",
                 self.worker_memory, "--webui-port", "0", "--work-dir", str(work),
                 *properties, master_url],
            )  # fmt: skip
        master_log = self.log_dir / "master.log"
        self._wait(
            f"{self.workers} workers' registration",
            lambda: (
                master_log.read_text(errors="replace").count("Registering worker") >= self.workers
            ),
            master,
            "master",
        )
        self.thrift_port = free_port()
        thrift = self._start(
            "thrift-server",
            [str(self.spark_home / "bin" / "spark-submit"), "--class", THRIFT_SERVER,
             "--name", "gpsi-thrift-server", "--master", master_url, *properties,
             "--hiveconf", f"hive.server2.thrift.port={self.thrift_port}",
             "--hiveconf", f"hive.server2.thrift.bind.host={HOST}", "spark-internal"],
        )  # fmt: skip
        self._wait("Thrift server", lambda: _accepts(self.thrift_port), thrift, "thrift-server")
        log.info(
            f"  spark cluster: master {master_url}, {self.workers} workers (1 core, "
            f"{self.worker_memory} each), Thrift server {HOST}:{self.thrift_port}, tables "
            f"under {self.root} (started in {time.perf_counter() - started:.0f} s)"
        )

    def stop(self) -> None:
        started = time.perf_counter()
        stopped = stop_recorded(self.pid_dir, str(self.root))
        for process in self._processes:  # ours even if its pid file could not say so
            if process.poll() is None:
                _signal_group(process.pid, signal.SIGKILL)
            process.wait()
        log.info(
            f"  spark cluster: {len(stopped)} process(es) stopped in "
            f"{time.perf_counter() - started:.0f} s"
        )

    def __enter__(self) -> LocalCluster:
        # SIGTERM (a CI runner's timeout, kill) ends the run through the `finally` below
        self._previous_sigterm = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            self.start()
        except BaseException:
            self.stop()
            signal.signal(signal.SIGTERM, self._previous_sigterm)
            raise
        return self

    def __exit__(self, *_exc) -> None:
        try:
            self.stop()
        finally:
            signal.signal(signal.SIGTERM, self._previous_sigterm)
