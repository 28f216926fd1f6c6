#!/usr/bin/env python3
"""Resident memory per stream when every stream has an interval of its own.

The worst case for the server's tickers: one ticker, and one kept frame, per stream.
Opens N streams of one city with intervals 1.000 s, 1.001 s, ... against a running server,
reads what they send for a while, and prints the server's RSS (VmRSS, KiB) before and after,
per stream.

    python3 bench/distinct-intervals.py --port 3300 --pid <server pid> --streams 2000
"""

import argparse
import socket
import time


def resident_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise SystemExit(f"no VmRSS for process {pid}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=3300)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--streams", type=int, default=2000)
    options = parser.parse_args()

    before = resident_kib(options.pid)
    streams = []
    for number in range(options.streams):
        stream = socket.create_connection(("127.0.0.1", options.port))
        seconds = (1000 + number) / 1000
        stream.sendall(
            f"GET /api/clock/stream?city=Asia/Seoul&sec={seconds:.3f} HTTP/1.1\r\n"
            "Host: bench\r\n\r\n".encode()
        )
        streams.append(stream)
    # Every ticker ticks a few times; then drain what came, so no stream waits on us.
    time.sleep(8)
    answered = 0
    for stream in streams:
        stream.setblocking(False)
        received = b""
        try:
            while chunk := stream.recv(65536):
                received += chunk
        except BlockingIOError:
            pass
        answered += received.startswith(b"HTTP/1.1 200")
    time.sleep(4)
    after = resident_kib(options.pid)
    print(
        f"{options.streams} streams, one interval each ({answered} answered 200): "
        f"RSS {before} kB -> {after} kB = {(after - before) / options.streams:.2f} kB per stream"
    )
    for stream in streams:
        stream.close()


if __name__ == "__main__":
    main()
