"""A real SMTP server on a loopback socket, small enough to read: it speaks just enough
SMTP for Django's smtplib backend, and can refuse recipients (550) or stay silent (the
client times out). Messages it accepts are kept in ``received``."""

import socket
import threading


class SmtpServer:
    def __init__(self, *, mode="accept"):
        self.mode = mode  # "accept", "refuse_recipient" (550 on RCPT TO) or "silent" (never greets)
        self.received = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.open_connections = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.open_connections.append(conn)
            if self.mode != "silent":
                threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn):
        reader = conn.makefile("rb")

        def reply(line):
            conn.sendall(line.encode() + b"\r\n")

        reply("220 test.invalid ESMTP")
        data, in_data = [], False
        try:
            for raw in reader:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if in_data:
                    if line == ".":
                        self.received.append("\n".join(data))
                        data, in_data = [], False
                        reply("250 2.0.0 queued")
                    else:
                        data.append(line[1:] if line.startswith("..") else line)
                    continue
                command = line[:4].upper()
                if command in ("EHLO", "HELO"):
                    reply("250 test.invalid")
                elif command == "MAIL":
                    reply("250 2.1.0 ok")
                elif command == "RCPT":
                    if self.mode == "refuse_recipient":
                        reply("550 5.1.1 mailbox unavailable")
                    else:
                        reply("250 2.1.5 ok")
                elif command == "DATA":
                    in_data = True
                    reply("354 end with .")
                elif command == "RSET" or command == "NOOP":
                    reply("250 ok")
                elif command == "QUIT":
                    reply("221 bye")
                    break
                else:
                    reply("502 5.5.2 not implemented")
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.sock.close()
        for conn in self.open_connections:
            try:
                conn.close()
            except OSError:
                pass
