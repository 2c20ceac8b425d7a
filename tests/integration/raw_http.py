"""Raw-socket exchanges, for tests that send what no HTTP client would (malformed requests,
half handshakes, junk) and read whatever the server answers."""
import socket


def raw_exchange(port, data, read_timeout=10.0, shut_write=False):
    """Sends data on a fresh connection and returns everything read until the peer closes, the
    read times out or the peer resets the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as s:
        s.sendall(data)
        if shut_write:
            s.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (socket.timeout, ConnectionResetError):
            pass
        return b"".join(chunks)
