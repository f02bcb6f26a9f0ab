"""The release tag for the clients the lock records: `permit-1.2.0-pdp-1.0.3`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

lock = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
print(
    "-".join(f"{api}-{entry.get('client_version', '1.0.0')}" for api, entry in sorted(lock.items()))
)
