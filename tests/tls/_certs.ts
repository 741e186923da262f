import tls from "node:tls";

// Test PKI made with the openssl CLI in a temp dir: a CA, a server certificate for
// localhost/127.0.0.1, a client certificate, an unrelated self-signed certificate, and the
// server key encrypted two ways. EC P-256 keys keep generation fast (~0.1 s).

/** Passphrase of the encrypted test keys. */
export const PASSPHRASE = "correct horse battery staple";

/** Paths (under `dir`) and PEM contents of the test PKI. */
export interface TestPki {
  dir: string;
  path: Record<PkiFile, string>;
  pem: Record<PkiFile, string>;
}

type PkiFile =
  | "ca"
  | "caKey"
  | "serverCert"
  | "serverKey"
  | "serverKeyEncrypted"
  | "serverKeyLegacyEncrypted"
  | "clientCert"
  | "clientKey"
  | "clientKeyEncrypted"
  | "otherCert"
  | "otherKey";

async function openssl(cwd: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd, stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`openssl ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** Generates the test PKI; remove `dir` when done. */
export async function makeTestPki(): Promise<TestPki> {
  const dir = await Deno.makeTempDir({ prefix: "octi-tls-test-" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const days = ["-days", "2"];
  await Deno.writeTextFile(
    `${dir}/server.ext`,
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
  );
  await Deno.writeTextFile(
    `${dir}/client.ext`,
    "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n",
  );
  const selfSigned = (name: string, subject: string, ...extra: string[]) =>
    openssl(
      dir,
      "req",
      "-x509",
      ...ec,
      ...days,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.pem`,
      "-subj",
      subject,
      ...extra,
    );
  // Encrypts `<name>.key` with PASSPHRASE: `pkey` writes PKCS#8, `ec` the legacy PEM headers.
  const encrypt = (name: string, tool: "pkey" | "ec", cipher: string, out: string) =>
    openssl(dir, tool, "-in", `${name}.key`, cipher, "-passout", `pass:${PASSPHRASE}`, "-out", out);
  await selfSigned("ca", "/CN=octi test CA");
  for (const name of ["server", "client"]) {
    await openssl(
      dir,
      "req",
      ...ec,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${name}`,
    );
    await openssl(
      dir,
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      ...days,
      "-extfile",
      `${name}.ext`,
      "-out",
      `${name}.pem`,
    );
  }
  await selfSigned("other", "/CN=other.example", "-addext", "subjectAltName=DNS:other.example");
  await encrypt("server", "pkey", "-aes256", "server.enc.key");
  await encrypt("client", "pkey", "-aes256", "client.enc.key");
  await encrypt("server", "ec", "-aes128", "server.legacy.key");
  const files: Record<PkiFile, string> = {
    ca: "ca.pem",
    caKey: "ca.key",
    serverCert: "server.pem",
    serverKey: "server.key",
    serverKeyEncrypted: "server.enc.key",
    serverKeyLegacyEncrypted: "server.legacy.key",
    clientCert: "client.pem",
    clientKey: "client.key",
    clientKeyEncrypted: "client.enc.key",
    otherCert: "other.pem",
    otherKey: "other.key",
  };
  const path = {} as Record<PkiFile, string>;
  const pem = {} as Record<PkiFile, string>;
  for (const [key, file] of Object.entries(files) as [PkiFile, string][]) {
    path[key] = `${dir}/${file}`;
    pem[key] = await Deno.readTextFile(path[key]);
  }
  return { dir, path, pem };
}

/** Starts an HTTPS `Deno.serve` on 127.0.0.1 with a random port. */
export function serveHttps(
  tls: { cert: string; key: string },
  handler: (req: Request) => Response | Promise<Response>,
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {}, ...tls }, handler);
}

/** A node:tls server that demands a client certificate from the test CA and greets it. */
export async function mtlsTlsServer(
  pki: TestPki,
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer({
    cert: pki.pem.serverCert,
    key: pki.pem.serverKey,
    ca: pki.pem.ca,
    requestCert: true,
    rejectUnauthorized: true,
  }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.end(`AMQP hello ${socket.getPeerCertificate().subject?.CN}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Connects like amqplib does (tls.connect with its socketOptions) and reads until the end. */
export function tlsTalk(port: number, options: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ ...options, host: "127.0.0.1", port }, () => {
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (text += chunk));
      socket.on("end", () => {
        socket.destroy();
        resolve(text);
      });
    });
    socket.once("error", (error) => {
      socket.destroy();
      reject(error);
    });
  });
}
