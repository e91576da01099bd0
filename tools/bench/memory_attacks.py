#!/usr/bin/env python3
"""Resident memory of Citadel under the memory-exhaustion attacks of issue 15 #12.

Runs each attack against a fresh CSE of every binary given (e.g. the previous build and this
one, in one run) and prints a Markdown table of VmHWM (peak RSS) and VmRSS after the attack,
read from /proc/<pid>/status. Everything listens on 127.0.0.1; only the processes started here
are stopped, by their PID.

  tools/bench/memory_attacks.py OLD_BINARY NEW_BINARY [--size-kib=256] [--count=200]

Attacks (sizes scale with --size-kib and --count):
  rcn4      a container with COUNT instances of SIZE, then 4 concurrent rcn=4 RETRIEVEs, 3 rounds
  discovery the same container, 4 concurrent discoveries (fu=1) of its instances, 3 rounds
  slow-nu   a subscription whose receiver accepts and never answers, then COUNT instances of SIZE
  batch     the same with bn num=1000000 dur=3600 (an hour), then COUNT instances of SIZE
"""
import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Cse:
    def __init__(self, binary, extra):
        self.dir = tempfile.mkdtemp(prefix="citadel-memory-")
        self.proc = subprocess.Popen(
            [binary, "--http.port=0", f"--storage.path={self.dir}/db", "--log.level=error"] + extra,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in self.proc.stdout:
            m = re.search(r"HTTP listening on [^:]+:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                break
        else:
            raise RuntimeError(f"{binary} did not start")
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()

    def request(self, method, path, origin, body=None, ty=None, query=""):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"X-M2M-Origin": origin, "X-M2M-RI": str(time.monotonic_ns()),
                   "X-M2M-RVI": "3", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json" + (f";ty={ty}" if ty else "")
        conn.request(method, path + ("?" + query if query else ""), data, headers)
        response = conn.getresponse()
        payload = response.read()
        conn.close()
        return int(response.getheader("X-M2M-RSC", "0")), len(payload)

    def kib(self):
        return status_kib(self.proc.pid, "VmHWM"), status_kib(self.proc.pid, "VmRSS")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def setup_container(cse, args, subscription=None):
    rsc, _ = cse.request("POST", "/cse-in", "Cmem", {"m2m:ae": {
        "rn": "mem", "api": "Nmem", "rr": False, "srv": ["3"]}}, ty=2)
    assert rsc == 2001, rsc
    rsc, _ = cse.request("POST", "/cse-in/mem", "Cmem", {"m2m:cnt": {"rn": "c"}}, ty=3)
    assert rsc == 2001, rsc
    if subscription is not None:
        rsc, _ = cse.request("POST", "/cse-in/mem/c", "Cmem", {"m2m:sub": subscription}, ty=23)
        assert rsc == 2001, rsc
    con = "x" * (args.size_kib * 1024)
    for _ in range(args.count):
        rsc, _ = cse.request("POST", "/cse-in/mem/c", "Cmem", {"m2m:cin": {"con": con}}, ty=4)
        assert rsc == 2001, rsc


def concurrent(cse, query, path="/cse-in/mem/c", clients=4, rounds=3):
    sizes = []

    def run():
        for _ in range(rounds):
            sizes.append(cse.request("GET", path, "Cmem", query=query)[1])

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return max(sizes)


def stalled_listener():
    """A notification target that answers the verification request (the first one) and then
    accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    held = []

    def answer_verification(conn):
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        head, body = data.split(b"\r\n\r\n", 1)
        length = re.search(rb"(?i)content-length:\s*(\d+)", head)
        while length and len(body) < int(length.group(1)):
            body += conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-M2M-RSC: 2000\r\nContent-Length: 0\r\n"
                     b"Connection: close\r\n\r\n")
        conn.close()

    def accept():
        first = True
        while True:
            try:
                conn = server.accept()[0]
            except OSError:
                return
            if first:
                answer_verification(conn)
                first = False
            else:
                held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    return server


def attack(name, cse, args):
    if name == "rcn4":
        setup_container(cse, args)
        return f"largest answer {concurrent(cse, 'rcn=4') // 1024} KiB"
    if name == "discovery":
        setup_container(cse, args)
        return f"largest answer {concurrent(cse, 'fu=1&ty=4') // 1024} KiB"
    listener = stalled_listener()
    nu = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    try:
        sub = {"rn": "s", "nu": [nu], "nct": 1, "enc": {"net": [3]}}
        if name == "batch":
            sub["bn"] = {"num": 1000000, "dur": 3600}
        setup_container(cse, args, sub)
        time.sleep(1)  # let the event thread take up the last events
        return ""
    finally:
        listener.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--size-kib", type=int, default=256)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--attacks", default="rcn4,discovery,slow-nu,batch")
    args = parser.parse_args()
    rows = []
    for name in args.attacks.split(","):
        for binary in args.binaries:
            # One delivery worker with a 30 s timeout: the stalled target holds it throughout.
            extra = ["--notification.workers=1", "--notification.timeout=30000"]
            cse = Cse(binary, extra)
            try:
                at_rest = cse.kib()[1]
                note = attack(name, cse, args)
                peak, now = cse.kib()
                rows.append((name, binary, at_rest, peak, now, note))
            except Exception as e:  # report and carry on with the next run
                rows.append((name, binary, 0, 0, 0, f"failed: {e}"))
            finally:
                cse.stop()
    print(f"COUNT={args.count} instances of {args.size_kib} KiB; load average "
          f"{os.getloadavg()[0]:.1f}\n")
    print("| attack | binary | RSS at rest (MiB) | peak RSS (MiB) | RSS after (MiB) | note |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for name, binary, rest, peak, now, note in rows:
        print(f"| {name} | {binary} | {rest / 1024:.0f} | {peak / 1024:.0f} | {now / 1024:.0f} "
              f"| {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
