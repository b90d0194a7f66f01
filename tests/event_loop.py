"""A coroutine run to its end from a test, whatever event loop the test's process runs already."""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run(coroutine):
    """``asyncio.run(coroutine)`` in a thread of its own. Playwright's synchronous API, which the
    browser tests' session fixtures start, keeps an event loop running in the main thread of
    the pytest worker they run in, and ``asyncio.run`` refuses to start inside a running loop:
    the explorers' tests failed so whenever they shared a worker with the browser tests."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
