"""A minimal PostgreSQL v3 protocol client: trust authentication and simple queries.

The harness needs to time a query without a client process start in the measurement
(cold start, analytics) and to read a few numbers back (the balance check). psql would
add ~10 ms of process start to every sample, and the standard library has no driver,
so this speaks just enough of the protocol: startup, the simple Query message, and the
messages a server sends back. Every read is bounded by a socket timeout, and every
length field is checked before it is trusted.
"""
import socket
import struct

PROTOCOL_VERSION_3 = 196608
MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # far above any reply the harness asks for


class ProtocolError(Exception):
    """The server sent bytes that are not a well-formed v3 message."""


class ServerError(Exception):
    """The server answered with an ErrorResponse."""

    def __init__(self, sqlstate, message):
        super().__init__(f"{sqlstate}: {message}")
        self.sqlstate = sqlstate
        self.message = message


class UnsupportedAuthentication(Exception):
    """The server asked for a password; the harness only uses trust on loopback."""


def encode_startup(user, database):
    params = b"".join(k.encode() + b"\0" + v.encode() + b"\0" for k, v in (
        ("user", user), ("database", database), ("application_name", "plinth-bench")))
    body = struct.pack("!i", PROTOCOL_VERSION_3) + params + b"\0"
    return struct.pack("!i", len(body) + 4) + body


def encode_query(sql):
    body = sql.encode() + b"\0"
    return b"Q" + struct.pack("!i", len(body) + 4) + body


def split_message(buffer):
    """Returns (type, body, rest) for the first complete message, or None if incomplete."""
    if len(buffer) < 5:
        return None
    msg_type = buffer[0:1]
    (length,) = struct.unpack_from("!i", buffer, 1)
    if length < 4 or length > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message {msg_type!r} has an invalid length {length}")
    if len(buffer) < 1 + length:
        return None
    return msg_type, bytes(buffer[5:1 + length]), buffer[1 + length:]


def decode_error_fields(body):
    """ErrorResponse/NoticeResponse body -> {field code: text}."""
    fields = {}
    pos = 0
    while True:
        if pos >= len(body):
            raise ProtocolError("error fields are not terminated")
        code = body[pos:pos + 1]
        if code == b"\0":
            return fields
        end = body.find(b"\0", pos + 1)
        if end < 0:
            raise ProtocolError("error field is not terminated")
        fields[code.decode("ascii", "replace")] = body[pos + 1:end].decode("utf-8", "replace")
        pos = end + 1


def decode_data_row(body):
    """DataRow body -> list of column texts (None for NULL)."""
    if len(body) < 2:
        raise ProtocolError("DataRow is shorter than its column count")
    (count,) = struct.unpack_from("!h", body, 0)
    if count < 0:
        raise ProtocolError(f"DataRow has a negative column count {count}")
    pos = 2
    row = []
    for _ in range(count):
        if pos + 4 > len(body):
            raise ProtocolError("DataRow ends inside a column length")
        (length,) = struct.unpack_from("!i", body, pos)
        pos += 4
        if length == -1:
            row.append(None)
            continue
        if length < -1 or pos + length > len(body):
            raise ProtocolError(f"DataRow column length {length} runs past the message")
        row.append(body[pos:pos + length].decode("utf-8", "replace"))
        pos += length
    if pos != len(body):
        raise ProtocolError("DataRow has trailing bytes")
    return row


def decode_authentication(body):
    if len(body) < 4:
        raise ProtocolError("Authentication message is shorter than its code")
    return struct.unpack_from("!i", body, 0)[0]


def server_error(body):
    fields = decode_error_fields(body)
    return ServerError(fields.get("C", "?????"), fields.get("M", "(no message)"))


class Connection:
    """One session. Not thread-safe; close() it (or use it as a context manager)."""

    def __init__(self, host, port, user, database, timeout):
        self._sock = socket.create_connection((host, port), timeout=timeout)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buffer = bytearray()
        try:
            self._sock.sendall(encode_startup(user, database))
            self._complete_startup()
        except BaseException:
            self._sock.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        try:
            self._sock.sendall(b"X" + struct.pack("!i", 4))
        except OSError:
            pass  # the server may already be gone; closing is all that is left
        self._sock.close()

    def query(self, sql):
        """Runs one simple-protocol query; returns the rows of its last result."""
        self._sock.sendall(encode_query(sql))
        rows, error = [], None
        while True:
            msg_type, body = self._read_message()
            if msg_type == b"T":
                rows = []
            elif msg_type == b"D":
                rows.append(decode_data_row(body))
            elif msg_type == b"E":
                error = server_error(body)
            elif msg_type == b"Z":
                if error is not None:
                    raise error
                return rows
            # CommandComplete, EmptyQueryResponse, notices, parameter changes: nothing to do

    def _complete_startup(self):
        while True:
            msg_type, body = self._read_message()
            if msg_type == b"R":
                code = decode_authentication(body)
                if code != 0:
                    raise UnsupportedAuthentication(
                        f"server requested authentication method {code}; use trust on 127.0.0.1")
            elif msg_type == b"E":
                raise server_error(body)
            elif msg_type == b"Z":
                return

    def _read_message(self):
        while True:
            parsed = split_message(self._buffer)
            if parsed is not None:
                msg_type, body, rest = parsed
                self._buffer = bytearray(rest)
                return msg_type, body
            chunk = self._sock.recv(65536)
            if not chunk:
                raise ProtocolError("the server closed the connection")
            self._buffer += chunk
