"""A real SMTP server for the tests (Debian's aiosmtpd): every accepted message goes to a Maildir.
Recipients starting with "reject" are refused for good (550), "tempfail" for now (451).
Usage: /usr/bin/python3 smtp_sink.py PORT MAILDIR"""
import mailbox
import sys
import time

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, maildir):
        self.box = mailbox.Maildir(maildir, create=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 mailbox unavailable"
        if address.startswith("tempfail"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.box.add(envelope.content)
        return "250 Message accepted"


if __name__ == "__main__":
    controller = Controller(Handler(sys.argv[2]), hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()
