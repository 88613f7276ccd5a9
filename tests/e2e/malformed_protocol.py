"""Feeds malformed protocol bytes to a running Plinth (PGHOST/PGPORT from with_server)
and checks each gets the right error and closes, while the server keeps serving others."""
import os, socket, struct, subprocess, sys

HOST, PORT = os.environ["PGHOST"], int(os.environ["PGPORT"])
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness"))
from tally import check, finish  # noqa: E402


def connect():
    s = socket.create_connection((HOST, PORT), timeout=5)
    return s


def startup(s, user="postgres"):
    body = struct.pack("!i", 196608) + b"user\0" + user.encode() + b"\0database\0postgres\0\0"
    s.sendall(struct.pack("!i", len(body) + 4) + body)
    return read_until_ready(s)


def read_msg(s):
    head = b""
    while len(head) < 5:
        chunk = s.recv(5 - len(head))
        if not chunk: return None, None
        head += chunk
    t, n = head[0:1], struct.unpack("!i", head[1:5])[0]
    body = b""
    while len(body) < n - 4:
        chunk = s.recv(n - 4 - len(body))
        if not chunk: return None, None
        body += chunk
    return t, body


def read_until_ready(s):
    msgs = []
    while True:
        t, b = read_msg(s)
        if t is None: return msgs
        msgs.append((t, b))
        if t in (b"Z",): return msgs
        if t == b"E" and b"SFATAL" in b: return msgs


def error_code(msgs):
    for t, b in msgs:
        if t == b"E":
            for field in b.split(b"\0"):
                if field.startswith(b"C"): return field[1:].decode()
    return None


def closed(s):
    try:
        return s.recv(1) == b""
    except OSError:
        return True


def psql_ok():
    r = subprocess.run(["psql", "-X", "-Atc", "SELECT 6 * 7"], capture_output=True, text=True)
    return r.stdout.strip() == "42"

# 1. A startup packet with an absurd length: FATAL 08P01 and close.
s = connect(); s.sendall(struct.pack("!i", 100000000))
msgs = read_until_ready(s)
check("huge_startup_length_08P01", error_code(msgs) == "08P01")
check("server_serves_after_bad_startup", psql_ok())

# 2. An unsupported protocol version.
s = connect(); body = struct.pack("!i", 2 << 16); s.sendall(struct.pack("!i", len(body) + 4) + body)
check("old_protocol_0A000", error_code(read_until_ready(s)) == "0A000")

# 3. SSLRequest is answered 'N' and the startup continues in plain text.
s = connect(); s.sendall(struct.pack("!ii", 8, 80877103))
check("ssl_request_answered_N", s.recv(1) == b"N")
msgs = startup(s)
check("startup_after_ssl_request", msgs and msgs[-1][0] == b"Z")

# 4. Unknown message type after startup: 08P01 and the connection closes.
s = connect(); startup(s)
s.sendall(b"\x01" + struct.pack("!i", 4))
msgs = read_until_ready(s)
check("unknown_message_type_08P01", error_code(msgs) == "08P01")
check("unknown_message_type_closes", closed(s))

# 5. A message length below 4.
s = connect(); startup(s)
s.sendall(b"Q" + struct.pack("!i", 2))
check("short_length_08P01", error_code(read_until_ready(s)) == "08P01")

# 6. A Query without its NUL terminator.
s = connect(); startup(s)
s.sendall(b"Q" + struct.pack("!i", 4 + 8) + b"SELECT 1")
check("unterminated_query_08P01", error_code(read_until_ready(s)) == "08P01")

# 7. A Bind with a truncated parameter.
s = connect(); startup(s)
parse = b"\0SELECT $1::int\0" + struct.pack("!h", 0)
s.sendall(b"P" + struct.pack("!i", len(parse) + 4) + parse)
bind = b"\0\0" + struct.pack("!hh", 0, 1) + struct.pack("!i", 100) + b"12"
s.sendall(b"B" + struct.pack("!i", len(bind) + 4) + bind + b"S" + struct.pack("!i", 4))
check("truncated_bind_08P01", error_code(read_until_ready(s)) == "08P01")

# 8. A client that disconnects mid-message does not disturb anyone.
s = connect(); startup(s); s.sendall(b"Q" + struct.pack("!i", 100) + b"SEL"); s.close()
check("server_serves_after_all", psql_ok())

# 9. SQL errors keep the connection usable.
s = connect(); startup(s)
q = b"SELEC 1\0"; s.sendall(b"Q" + struct.pack("!i", len(q) + 4) + q)
msgs = read_until_ready(s)
check("syntax_error_42601", error_code(msgs) == "42601")
q = b"SELECT 1\0"; s.sendall(b"Q" + struct.pack("!i", len(q) + 4) + q)
msgs = read_until_ready(s)
check("connection_usable_after_error", any(t == b"D" for t, _ in msgs))

finish()
