"""Loopback ports for test servers: a free one, and waiting until a process listens."""
import socket
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_listening(proc, port, tries=200):
    """Returns once 127.0.0.1:port accepts; SystemExit if proc exits or never listens."""
    for _ in range(tries):
        if proc.poll() is not None: raise SystemExit(f"plinth exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("plinth did not start listening")
