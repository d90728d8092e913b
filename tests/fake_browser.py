"""The user's browser, for `followcal auth google` in tests: opens the sign-in address it is
given (webbrowser runs it as $BROWSER) and follows Google's redirect back to followcal.

webbrowser waits for $BROWSER to exit, as for xdg-open, which hands the address to a browser
already running: so does this, to a child that goes on alone.
"""

import os
import sys
import urllib.request

if os.fork() == 0:
    urllib.request.urlopen(sys.argv[1], timeout=30).read()
