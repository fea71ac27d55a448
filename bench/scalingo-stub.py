#!/usr/bin/env python3
"""A minimal stand-in for the Scalingo APIs and the archive's pre-signed download, for benchmarks only.

Serves one finished backup (the given .tar.gz) of the app "bench-app" on 127.0.0.1:<port>; the download answers
Range requests. Usage: scalingo-stub.py <archive.tar.gz> <port>
"""
import base64
import json
import os
import sys
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARCHIVE = sys.argv[1]
PORT = int(sys.argv[2])
SIZE = os.path.getsize(ARCHIVE)
NAME = os.path.basename(ARCHIVE)[: -len(".tar.gz")]
ADDON = "6633aa01bb22cc33dd44ee55"
BACKUP = "674e9020c0ffee0000000002"


def jwt():
    b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    payload = json.dumps({"exp": int(time.time()) + 3600}).encode()
    return b64(b'{"alg":"HS512"}') + "." + b64(payload) + "." + b64(b"sig")


def answers(method, path):
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    if method == "POST" and path == "/v1/tokens/exchange":
        return {"token": jwt()}
    if method == "GET" and path == "/v1/apps/bench-app/addons":
        return {"addons": [{"id": ADDON, "addon_provider": {"id": "postgresql"}}]}
    if method == "POST" and path == f"/v1/apps/bench-app/addons/{ADDON}/token":
        return {"addon": {"id": ADDON, "token": jwt()}}
    if method == "GET" and path == f"/api/databases/{ADDON}":
        return {"database": {"id": ADDON, "hostname": "bench.postgresql.example"}}
    if method == "GET" and path == f"/api/databases/{ADDON}/backups":
        return {"database_backups": [{"id": BACKUP, "created_at": now, "name": NAME, "size": SIZE,
                                      "status": "done", "method": "periodic"}]}
    if method == "GET" and path == f"/api/databases/{ADDON}/backups/{BACKUP}/archive":
        return {"download_url": f"http://127.0.0.1:{PORT}/download/{NAME}.tar.gz?token=bench"}
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.json("POST")

    def do_GET(self):
        if self.path.startswith("/download/"):
            self.download()
        else:
            self.json("GET")

    def json(self, method):
        body = answers(method, self.path.split("?")[0])
        data = json.dumps(body if body is not None else {"error": "not found"}).encode()
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def download(self):
        start = 0
        ranged = self.headers.get("Range", "")
        if ranged.startswith("bytes=") and ranged.endswith("-"):
            start = int(ranged[6:-1])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{SIZE - 1}/{SIZE}")
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(SIZE - start))
        self.end_headers()
        self.wfile.flush()
        with open(ARCHIVE, "rb") as f:
            self.connection.sendfile(f, start, SIZE - start)


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
