"""The attackers (`attack`): ABUSE_TRICKLERS connections that trickle a request head and
ABUSE_IDLERS kept-alive connections that go quiet, all from one asyncio process, each timed
from the client side until the server closes it.

Every attacker first sends one whole request (ABUSE_ATTACK_PATH) and reads the answer, which
proves the server accepted it: one still waiting in the listen backlog (the server is at its
connection cap) has no clock running yet. Then:

- a trickler at once sends the first byte of a second head, and one more byte every
  ABUSE_TRICKLE_MIN_SECONDS..ABUSE_TRICKLE_MAX_SECONDS (1-2 s), never finishing it. Its clock
  starts at that first byte: the server must close it within the head limit.
- an idle attacker sends nothing more. Its clock starts at the end of the answer: the server must
  close it within the idle limit.

Connections open at ABUSE_OPEN_RATE a second (1000), tricklers and idle ones in turn. At
ABUSE_ATTACK_LIMIT_SECONDS (150) after the first, the attackers close what is still open
themselves (each such connection is counted "left open"). The result, one row per connection,
goes to OUT (JSON) for the report; the checks are made there."""

import asyncio
import random
import resource
import sys

from common import (ATTACK_LIMIT, ATTACK_PATH, IDLERS, OPEN_RATE, TRICKLE_MAX, TRICKLE_MIN,
                    TRICKLERS, now, write_json)

REQUEST = (f"GET {ATTACK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: quire-abuse\r\n"
           "Accept: */*\r\n\r\n").encode()
# The head a trickler never finishes: a request line, then one header whose value never ends.
TRICKLED = b"GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: "


def raise_open_files(wanted):
    """Raises this process's RLIMIT_NOFILE to fit `wanted` descriptors: the soft limit up to the
    hard one, and the hard one too when allowed (root). Returns (soft, hard) then in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else max(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, max(target, wanted)))
        except (ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


async def read_answer(reader):
    """Reads one response (head, then a Content-Length or chunked body); returns (status,
    the server asked to close)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif "chunked" in headers.get("transfer-encoding", ""):
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("connection") == "close"


async def until_closed(reader):
    """Waits for the server to close: end of stream or a reset. Returns how ("eof" or "reset")
    and the status of any answer sent first (a 408, say)."""
    status = None
    while True:
        try:
            data = await reader.read(65536)
        except OSError:
            return "reset", status
        if not data:
            return "eof", status
        if status is None and data.startswith(b"HTTP/1."):
            try:
                status = int(data.split(b" ", 2)[1])
            except (IndexError, ValueError):
                status = -1


async def trickle(writer, rng):
    """The rest of the head, one byte at a time, forever (until the socket fails)."""
    for byte in TRICKLED[1:]:
        await asyncio.sleep(rng.uniform(TRICKLE_MIN, TRICKLE_MAX))
        writer.write(bytes([byte]))
        await writer.drain()
    while True:
        await asyncio.sleep(rng.uniform(TRICKLE_MIN, TRICKLE_MAX))
        writer.write(b"a")
        await writer.drain()


class Run:
    def __init__(self, port, deadline):
        self.port = port
        self.deadline = deadline
        self.held = 0
        self.waiting = 0
        self.peak_held = 0
        self.rows = []

    async def attacker(self, kind, index, start_at):
        """One connection; appends its row: kind, outcome, times (connect started, connected,
        answered, clock started, closed), how it closed, the first answer's status."""
        rng = random.Random(index)
        await asyncio.sleep(max(0.0, start_at - now()))
        row = {"kind": kind, "outcome": "never answered", "t0": now(), "connected": None,
               "answered": None, "clock": None, "closed": None, "how": None, "status": None,
               "late_status": None}
        writer = None
        held = False
        try:
            remaining = self.deadline - now()
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", self.port, limit=1 << 20), remaining)
            row["connected"] = now()
            self.waiting += 1
            writer.write(REQUEST)
            await writer.drain()
            try:
                row["status"], close = await asyncio.wait_for(read_answer(reader),
                                                              self.deadline - now())
            finally:
                self.waiting -= 1
            row["answered"] = now()
            if close:
                row["outcome"] = "closed with its first answer"
                return
            held = True
            self.held += 1
            self.peak_held = max(self.peak_held, self.held)
            watch = asyncio.ensure_future(until_closed(reader))
            pending = [watch]
            if kind == "trickle":
                writer.write(TRICKLED[:1])
                await writer.drain()
                row["clock"] = now()
                pending.append(asyncio.ensure_future(trickle(writer, rng)))
            else:
                row["clock"] = row["answered"]
            done, _ = await asyncio.wait(pending, timeout=max(0.0, self.deadline - now()),
                                         return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                if task in done:
                    task.exception()  # retrieved, so asyncio does not warn about it
                else:
                    task.cancel()
            if not done:
                row["outcome"] = "left open"
                return
            row["closed"] = now()
            row["outcome"] = "closed by the server"
            if watch in done:
                row["how"], row["late_status"] = watch.result()
            else:
                # The trickle's write failed: the server had reset the connection.
                error = next(iter(done)).exception()
                row["how"] = f"write failed ({type(error).__name__})"
        except asyncio.TimeoutError:
            row["outcome"] = "never answered"
        except (asyncio.IncompleteReadError, ConnectionError, OSError) as error:
            if row["connected"] is None:
                row["outcome"] = f"connect failed ({type(error).__name__})"
            else:
                row["outcome"] = "closed before its answer"
                row["closed"] = now()
                row["how"] = type(error).__name__
        finally:
            if held:
                self.held -= 1
            if writer is not None:
                writer.close()
            self.rows.append(row)

    async def monitor(self, timeline):
        """Once a second: connections held and waiting; the event loop's lag (a measure of how
        late this process notices a close)."""
        lag = 0.0
        while True:
            before = now()
            await asyncio.sleep(1)
            lag = max(lag, now() - before - 1)
            timeline.append([round(now(), 3), self.held, self.waiting, round(lag, 3)])


async def attack(port, out_path):
    start = now()
    total = TRICKLERS + IDLERS
    kinds = []
    trickles, idles = TRICKLERS, IDLERS
    while trickles or idles:
        if trickles:
            kinds.append("trickle")
            trickles -= 1
        if idles:
            kinds.append("idle")
            idles -= 1
    run = Run(int(port), start + ATTACK_LIMIT)
    timeline = []
    monitor = asyncio.ensure_future(run.monitor(timeline))
    await asyncio.gather(*(run.attacker(kind, i, start + i / OPEN_RATE)
                           for i, kind in enumerate(kinds)))
    monitor.cancel()
    lag = max((t[3] for t in timeline), default=0.0)
    write_json(out_path, {
        "start": start, "end": now(), "count": total, "peak_held": run.peak_held,
        "loop_lag_max_s": lag, "timeline": timeline, "rows": run.rows,
        "rlimit_nofile": list(resource.getrlimit(resource.RLIMIT_NOFILE)),
    })


def cmd_attack(port, out_path):
    soft, hard = raise_open_files(TRICKLERS + IDLERS + 256)
    if soft < TRICKLERS + IDLERS + 64:
        print(f"attackers: only {soft} open files allowed (hard limit {hard}); "
              f"{TRICKLERS + IDLERS} connections need more", file=sys.stderr)
        return 1
    print(f"attackers: {TRICKLERS} trickling, {IDLERS} idle, open files {soft}/{hard}",
          file=sys.stderr)
    asyncio.run(attack(port, out_path))
    return 0
