"""A real SMTP relay for the fault tests, run as its own process on 127.0.0.1 (aiosmtpd):

    python tests/faults/smtp_relay.py DIRECTORY

It listens on a free port and writes that port to DIRECTORY/port. How it behaves is read
from DIRECTORY/mode before every reply, so a test changes it while it runs:

- ``accept``: every message is accepted and stored as DIRECTORY/received/<n>.eml;
- ``451``: greylisting, "451 4.7.1 try again later" to every recipient;
- ``554``: "554 5.7.1" to the sender (the relay refuses everything for now);
- ``hang``: after the greeting, never answers a command (the client must time out);
- ``hang-after-data``: stores the message, then never answers the end of the data (the
  relay has it; the client cannot know).

A recipient whose address starts with "refused" always gets "550 5.1.1 no such user"; a
message to one starting with "slow" is handled as in ``hang-after-data``."""

import asyncio
import itertools
import sys
from pathlib import Path

from aiosmtpd.smtp import SMTP

FOREVER = 3600


class Relay:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.received = self.directory / "received"
        self.received.mkdir(parents=True, exist_ok=True)
        self.counter = itertools.count(1)

    def mode(self):
        try:
            return (self.directory / "mode").read_text().strip() or "accept"
        except FileNotFoundError:
            return "accept"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self.mode() == "hang":
            await asyncio.sleep(FOREVER)
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        mode = self.mode()
        if mode == "hang":
            await asyncio.sleep(FOREVER)
        if mode == "554":
            return "554 5.7.1 Service unavailable; try again later"
        envelope.mail_from = address
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        mode = self.mode()
        if mode == "hang":
            await asyncio.sleep(FOREVER)
        if address.startswith("refused"):
            return "550 5.1.1 No such user"
        if mode == "451":
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        mode = self.mode()
        if mode == "hang":
            await asyncio.sleep(FOREVER)
        name = self.received / f"{next(self.counter)}.eml"
        name.with_suffix(".tmp").write_bytes(envelope.original_content or envelope.content)
        name.with_suffix(".tmp").rename(name)
        if mode == "hang-after-data" or any(address.startswith("slow") for address in envelope.rcpt_tos):
            await asyncio.sleep(FOREVER)
        return "250 2.0.0 Message accepted"


async def serve(directory):
    relay = Relay(directory)
    server = await asyncio.get_running_loop().create_server(
        lambda: SMTP(relay, hostname="relay.test", ident="test relay"), "127.0.0.1", 0
    )
    port = server.sockets[0].getsockname()[1]
    (relay.directory / "port.tmp").write_text(str(port))
    (relay.directory / "port.tmp").rename(relay.directory / "port")
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1]))
