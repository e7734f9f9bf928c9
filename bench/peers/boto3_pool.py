"""The hand-written script bulk is measured against: a Python boto3 thread pool, as an operator would write it.

  python3 boto3_pool.py ENDPOINT fill TABLE ITEMS THREADS   25-item BatchWriteItem per call, UnprocessedItems retried
  python3 boto3_pool.py ENDPOINT count TABLE THREADS        parallel Scan Select=COUNT, one segment per thread

Prints one line like bench/RawCeiling.java: "boto3-<what> threads=T items=N seconds=S items_per_s=R".
The seconds are those of the calls only (after the import and the client are built); the caller times the
whole process too. Items have RawCeiling's shape (about 200 bytes), so every writer stores the same item.
"""
import itertools
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

PAYLOAD = "x" * 165


def client(endpoint, threads):
    # One client shared by the threads (boto3 clients are thread-safe); its connection pool must hold a
    # connection per thread, or threads queue for a connection (the default pool has 10).
    config = Config(max_pool_connections=threads, retries={"max_attempts": 10, "mode": "standard"})
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1", config=config)


def item(i):
    return {
        "pk": {"S": "pk#%07d" % i},
        "sk": {"S": "sk#01"},
        "n": {"N": str(i)},
        "s": {"S": "short"},
        "payload": {"S": PAYLOAD},
    }


def fill(ddb, table, items, threads):
    # Threads take the next 25 item numbers from one shared counter, as RawCeiling's writers do.
    starts = itertools.count(0, 25)
    lock = threading.Lock()

    def writer():
        while True:
            with lock:
                first = next(starts)
            if first >= items:
                return
            pending = {table: [{"PutRequest": {"Item": item(i)}} for i in range(first, min(first + 25, items))]}
            while pending:
                pending = ddb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or None

    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(writer) for _ in range(threads)]:
            future.result()
    return items


def count(ddb, table, threads):
    def segment(i):
        total, start = 0, None
        while True:
            args = {"TableName": table, "Select": "COUNT", "Segment": i, "TotalSegments": threads}
            if start:
                args["ExclusiveStartKey"] = start
            page = ddb.scan(**args)
            total += page["Count"]
            start = page.get("LastEvaluatedKey")
            if not start:
                return total

    with ThreadPoolExecutor(threads) as pool:
        return sum(pool.map(segment, range(threads)))


def main():
    endpoint, what, table = sys.argv[1:4]
    threads = int(sys.argv[-1])
    ddb = client(endpoint, threads)
    start = time.monotonic()
    if what == "fill":
        done = fill(ddb, table, int(sys.argv[4]), threads)
    else:
        done = count(ddb, table, threads)
    seconds = time.monotonic() - start
    print("boto3-%s threads=%d items=%d seconds=%.2f items_per_s=%.0f" % (what, threads, done, seconds, done / seconds))


if __name__ == "__main__":
    main()
