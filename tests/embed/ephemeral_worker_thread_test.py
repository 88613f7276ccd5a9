"""plinth --ephemeral started from a worker thread that then ends (as test runners on
thread pools do) keeps serving while its parent process lives, and exits once the parent
process is gone.  (PR_SET_PDEATHSIG would have killed it when the thread ended.)
usage: ephemeral_worker_thread_test.py PLINTH_BINARY"""
import os, subprocess, sys, threading, time

binary = sys.argv[1]
failed = 0


def check(name, ok, detail=""):
    global failed
    print(("ok " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    failed += 0 if ok else 1


def query(uri):
    r = subprocess.run(["psql", "-X", uri, "-Atc", "SELECT 6 * 7"], capture_output=True, text=True, timeout=10)
    return r.stdout.strip() or r.stderr.strip()


read_fd, write_fd = os.pipe()
child = os.fork()
if child == 0:  # the "test runner" process
    os.close(read_fd)
    started = {}

    def start_server():  # runs on a worker thread that ends right after
        p = subprocess.Popen([binary, "--ephemeral"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        started["uri"] = p.stdout.readline().strip()
        started["pid"] = p.pid

    t = threading.Thread(target=start_server)
    t.start()
    t.join()
    time.sleep(0.5)  # the starting thread is gone now
    answer = query(started["uri"])
    os.write(write_fd, f"{started['uri']} {started['pid']} {answer}".encode())
    os._exit(0)
os.close(write_fd)
os.waitpid(child, 0)
uri, pid, answer = os.read(read_fd, 4096).decode().split(" ", 2)
check("serves_after_starting_thread_ended", answer == "42", answer)
for _ in range(100):
    if not os.path.exists(f"/proc/{pid}"):
        break
    time.sleep(0.05)
alive = os.path.exists(f"/proc/{pid}")
check("exits_when_parent_process_exits", not alive)
if alive:
    os.kill(int(pid), 15)
sys.exit(1 if failed else 0)
