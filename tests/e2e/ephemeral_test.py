"""plinth --ephemeral: prints a connection URI for a free port and a temporary data
directory, serves it, and exits (removing the directory) when its parent process dies.
usage: ephemeral_test.py PLINTH_BINARY"""
import glob, os, subprocess, sys, time

binary = sys.argv[1]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness"))
from tally import check, finish  # noqa: E402


before = set(glob.glob("/tmp/plinth-ephemeral-*"))
read_fd, write_fd = os.pipe()
child = os.fork()
if child == 0:  # an "application test run" that starts a server and then dies
    os.close(read_fd)
    p = subprocess.Popen([binary, "--ephemeral"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    uri = p.stdout.readline().strip()
    answer = subprocess.run(["psql", "-X", uri, "-Atc", "SELECT 6 * 7"], capture_output=True, text=True).stdout.strip()
    os.write(write_fd, f"{uri} {answer} {p.pid}".encode())
    os._exit(0)
os.close(write_fd)
os.waitpid(child, 0)
uri, answer, pid = os.read(read_fd, 4096).decode().split()
check("prints_uri", uri.startswith("postgresql://postgres@127.0.0.1:") and uri.endswith("/postgres"), uri)
check("serves_queries", answer == "42", answer)
for _ in range(100):
    if not os.path.exists(f"/proc/{pid}"): break
    time.sleep(0.05)
check("exits_with_parent", not os.path.exists(f"/proc/{pid}"))
check("removes_temp_dir", set(glob.glob("/tmp/plinth-ephemeral-*")) <= before)
finish()
