/**
 * A stand-in for a MongoDB replica-set member in a state our machines cannot produce (there is no
 * MongoDB server here): it speaks the wire protocol (OP_QUERY for the driver's handshake, OP_MSG
 * after) and answers each command with what the test says. Only this third-party server is faked;
 * the driver, mongoose and our code run for real against it.
 */
import net from 'node:net';
import { BSON } from 'mongodb';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

export type Answer = (command: Record<string, unknown>) => Record<string, unknown>;

export interface FakeMongod {
  uri: string;
  /** Every command received, in order. */
  commands: Record<string, unknown>[];
  answer: Answer;
  close(): Promise<void>;
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32LE(length, 0);
  b.writeInt32LE(requestId, 4);
  b.writeInt32LE(responseTo, 8);
  b.writeInt32LE(opCode, 12);
  return b;
}

/** The hello reply of a replica-set member; `primary: false` makes it a secondary with no primary known. */
export function helloReply(primary: boolean, port: number): Record<string, unknown> {
  return {
    ok: 1,
    helloOk: true,
    ismaster: primary,
    isWritablePrimary: primary,
    secondary: !primary,
    setName: 'rs0',
    hosts: [`127.0.0.1:${port}`],
    me: `127.0.0.1:${port}`,
    maxWireVersion: 21,
    minWireVersion: 0,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    logicalSessionTimeoutMinutes: 30,
    localTime: new Date(),
    connectionId: 1,
  };
}

export async function startFakeMongod(answer: Answer): Promise<FakeMongod> {
  const commands: Record<string, unknown>[] = [];
  let nextId = 1;
  const state = { answer };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 16 && buffered.length >= buffered.readInt32LE(0)) {
        const length = buffered.readInt32LE(0);
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        const requestId = message.readInt32LE(4);
        const opCode = message.readInt32LE(12);
        let command: Record<string, unknown>;
        if (opCode === OP_QUERY) {
          let at = 20;
          while (message[at] !== 0) at++; // the collection name, a C string
          at += 1 + 8;
          command = BSON.deserialize(message.subarray(at, at + message.readInt32LE(at)));
        } else if (opCode === OP_MSG) {
          // flags, then section kind 0 (the command body); kind-1 sequences follow and are folded in.
          let at = 21;
          command = BSON.deserialize(message.subarray(at, at + message.readInt32LE(at)));
          at += message.readInt32LE(at);
          while (at < length) {
            at++;
            const size = message.readInt32LE(at);
            const end = at + size;
            let name = '';
            let p = at + 4;
            while (message[p] !== 0) name += String.fromCharCode(message[p++]!);
            p++;
            const docs: unknown[] = [];
            while (p < end) {
              const n = message.readInt32LE(p);
              docs.push(BSON.deserialize(message.subarray(p, p + n)));
              p += n;
            }
            command[name] = docs;
            at = end;
          }
        } else {
          socket.destroy();
          return;
        }
        commands.push(command);
        const body = BSON.serialize(state.answer(command));
        if (opCode === OP_QUERY) {
          const reply = Buffer.alloc(20);
          reply.writeInt32LE(0, 0);
          reply.writeBigInt64LE(0n, 4);
          reply.writeInt32LE(0, 12);
          reply.writeInt32LE(1, 16);
          socket.write(Buffer.concat([header(16 + 20 + body.length, nextId++, requestId, OP_REPLY), reply, body]));
        } else {
          const flags = Buffer.alloc(5);
          socket.write(Buffer.concat([header(16 + 5 + body.length, nextId++, requestId, OP_MSG), flags, body]));
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  return {
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    commands,
    get answer() {
      return state.answer;
    },
    set answer(a: Answer) {
      state.answer = a;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        // The driver keeps its sockets open: without ending them, close() would wait forever.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** The port of a fake's URI. */
export const portOf = (uri: string) => Number(new URL(uri.replace('mongodb://', 'http://')).port);
