import { strict as assert } from "node:assert";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { tryAcquireWriterLock, WRITER_LOCK_FILE } from "../../../server/src/store/writerLock";
import { tempDir } from "./storeTestKit";

interface Child {
  process: ChildProcess;
  /** Resolves with the child's first line: "acquired" or "busy". */
  answer: Promise<string>;
  exited: Promise<void>;
}

function startChild(storagePath: string, mode: "hold" | "exit"): Child {
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "lockHolderChild.ts"), storagePath, mode], { stdio: ["ignore", "pipe", "pipe"] });
  const answer = new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (data: Buffer) => {
      out += data.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
    child.on("exit", () => reject(new Error(`child exited before answering: ${out}`)));
  });
  answer.catch(() => undefined);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { process: child, answer, exited };
}

describe("writer lock across processes", () => {
  let dir: ReturnType<typeof tempDir>;
  const children: Child[] = [];
  beforeEach(() => {
    dir = tempDir("lock");
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.process.kill("SIGKILL");
      await child.exited;
    }
    dir.cleanup();
  });

  it("refuses a second writer while the first lives, and takes over at once when it is killed -9", async function () {
    this.timeout(30_000);
    const holder = startChild(dir.path, "hold");
    children.push(holder);
    assert.equal(await holder.answer, "acquired");
    assert.equal(await tryAcquireWriterLock(dir.path), null);
    const second = startChild(dir.path, "hold");
    children.push(second);
    assert.equal(await second.answer, "busy");

    holder.process.kill("SIGKILL");
    await holder.exited;
    const lock = await tryAcquireWriterLock(dir.path);
    assert.ok(lock, "a dead owner's lock is taken over without waiting for it to go stale");
    assert.equal(JSON.parse(readFileSync(lock.path, "utf8")).pid, process.pid);
    await lock.release();
  });

  it("is free again after the owner exits normally, or releases it", async function () {
    this.timeout(30_000);
    const quitter = startChild(dir.path, "exit");
    children.push(quitter);
    assert.equal(await quitter.answer, "acquired");
    await quitter.exited;
    const lock = await tryAcquireWriterLock(dir.path);
    assert.ok(lock);
    await lock.release();
    assert.equal(lock.isHeld(), false);
    const again = await tryAcquireWriterLock(dir.path);
    assert.ok(again);
    await again.release();
  });

  it("lets exactly one of several processes starting together win", async function () {
    this.timeout(60_000);
    const racers = Array.from({ length: 4 }, () => startChild(dir.path, "hold"));
    children.push(...racers);
    const answers = await Promise.all(racers.map((racer) => racer.answer));
    assert.deepEqual(answers.sort(), ["acquired", "busy", "busy", "busy"]);
  });

  it("lets exactly one of several processes take over a dead owner's lock", async function () {
    this.timeout(60_000);
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => dead.on("exit", resolve));
    writeFileSync(join(dir.path, WRITER_LOCK_FILE), JSON.stringify({ pid: dead.pid, hostname: hostname(), token: "dead", acquiredAt: 0 }));
    const racers = Array.from({ length: 4 }, () => startChild(dir.path, "hold"));
    children.push(...racers);
    const answers = await Promise.all(racers.map((racer) => racer.answer));
    assert.deepEqual(answers.sort(), ["acquired", "busy", "busy", "busy"]);
  });

  it("takes over a lock whose heartbeat stopped, or that is garbage, but not a fresh one from another host", async () => {
    const lockPath = join(dir.path, WRITER_LOCK_FILE);
    // Pid 1 is alive, but on another host we cannot tell: only the heartbeat's age counts.
    writeFileSync(lockPath, JSON.stringify({ pid: 1, hostname: "another-host", token: "t", acquiredAt: 0 }));
    assert.equal(await tryAcquireWriterLock(dir.path, { staleAfterMs: 60_000 }), null);
    const old = new Date(Date.now() - 120_000);
    utimesSync(lockPath, old, old);
    const taken = await tryAcquireWriterLock(dir.path, { staleAfterMs: 60_000 });
    assert.ok(taken);
    await taken.release();

    writeFileSync(lockPath, "\u0000\u0001garbage");
    const fromGarbage = await tryAcquireWriterLock(dir.path);
    assert.ok(fromGarbage);
    await fromGarbage.release();
  });

  it("notices when another process took the lock over and reports it lost", async () => {
    let lost = false;
    const lock = await tryAcquireWriterLock(dir.path, { heartbeatMs: 20, onLost: () => (lost = true) });
    assert.ok(lock);
    writeFileSync(lock.path, JSON.stringify({ pid: 1, hostname: "another-host", token: "someone-else", acquiredAt: Date.now() }));
    for (let i = 0; i < 100 && !lost; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(lost, true);
    assert.equal(lock.isHeld(), false);
    await lock.release();
    assert.match(readFileSync(lock.path, "utf8"), /someone-else/, "releasing a lost lock leaves the new owner's file alone");
  });
});
