import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { isMemoryCertificate } from "./is_memory_certificate.ts";
import { TlsMaterialError, type TlsMaterialPart } from "./tls_material_error.ts";
import type { ResolvedTlsOptions, TlsOptions } from "./tls_options.ts";

const LABEL: Record<TlsMaterialPart, string> = {
  ca: "CA certificate",
  cert: "certificate",
  key: "private key",
};

interface Material {
  text: string;
  /** For messages: `file "<path>"` or `in-memory PEM`. */
  origin: string;
}

interface PemBlock {
  label: string;
  pem: string;
}

function blocks(text: string): PemBlock[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)].map((m) => ({
    label: m[1]!,
    pem: `${m[0]}\n`,
  }));
}

async function read(value: string, part: TlsMaterialPart): Promise<Material> {
  if (isMemoryCertificate(value)) return { text: value, origin: "in-memory PEM" };
  try {
    return { text: await Deno.readTextFile(value), origin: `file "${value}"` };
  } catch (error) {
    const notFound = error instanceof Deno.errors.NotFound;
    const why = notFound ? "it does not exist" : (error as Error).message;
    throw new TlsMaterialError(`Cannot read the ${LABEL[part]} file "${value}": ${why}`, {
      part,
      problem: notFound ? "not-found" : "unreadable",
      cause: error,
    });
  }
}

function certificates(material: Material, part: TlsMaterialPart): string[] {
  const certs = blocks(material.text).filter((b) => b.label === "CERTIFICATE").map((b) => b.pem);
  if (certs.length === 0) {
    throw new TlsMaterialError(
      `The ${LABEL[part]} (${material.origin}) holds no PEM "CERTIFICATE" block`,
      { part, problem: "not-pem" },
    );
  }
  for (const pem of certs) {
    try {
      new X509Certificate(pem);
    } catch (error) {
      throw new TlsMaterialError(
        `The ${LABEL[part]} (${material.origin}) is not a valid X.509 certificate`,
        { part, problem: "invalid", cause: error },
      );
    }
  }
  return certs;
}

function privateKey(
  material: Material,
  passphrase: string | undefined,
): { pem: string; object: KeyObject } {
  const block = blocks(material.text).find((b) => b.label.endsWith("PRIVATE KEY"));
  if (block === undefined) {
    throw new TlsMaterialError(
      `The private key (${material.origin}) holds no PEM "PRIVATE KEY" block`,
      { part: "key", problem: "not-pem" },
    );
  }
  const encrypted = block.label === "ENCRYPTED PRIVATE KEY" ||
    /^Proc-Type:\s*4,ENCRYPTED/m.test(block.pem);
  if (!encrypted) {
    try {
      return { pem: block.pem, object: createPrivateKey(block.pem) };
    } catch (error) {
      throw new TlsMaterialError(`The private key (${material.origin}) cannot be parsed`, {
        part: "key",
        problem: "invalid",
        cause: error,
      });
    }
  }
  if (!passphrase) {
    throw new TlsMaterialError(
      `The private key (${material.origin}) is encrypted and no passphrase is set`,
      { part: "key", problem: "passphrase-required" },
    );
  }
  let object: KeyObject;
  try {
    object = createPrivateKey({ key: block.pem, format: "pem", passphrase });
  } catch (error) {
    throw new TlsMaterialError(
      `Cannot decrypt the private key (${material.origin}): wrong passphrase or damaged key`,
      { part: "key", problem: "bad-passphrase", cause: error },
    );
  }
  // Decrypted in memory only: the transports take PEM strings, never a path.
  return { pem: object.export({ type: "pkcs8", format: "pem" }) as string, object };
}

/**
 * Turns {@linkcode TlsOptions} into PEM strings the transports take: reads the files (a value
 * starting with `-----BEGIN` is PEM content, anything else a path), checks every certificate,
 * takes the key from the certificate file when no key is given (as pycti), and decrypts an
 * encrypted key with its passphrase in memory (PKCS#8 or legacy PEM encryption). Nothing is
 * ever written to disk.
 *
 * Rejects with a {@linkcode TlsMaterialError} for a missing or unreadable file, content that
 * is not PEM, a certificate without key, an encrypted key without or with a wrong passphrase,
 * or a key that does not match its certificate. Messages never contain the passphrase or key.
 *
 * @example
 * ```ts
 * import { resolveTlsOptions } from "@octi/connector/tls";
 * const tls = await resolveTlsOptions({ rejectUnauthorized: false });
 * if (tls.rejectUnauthorized || tls.key !== undefined) throw new Error();
 * ```
 */
export async function resolveTlsOptions(options: TlsOptions): Promise<ResolvedTlsOptions> {
  const caValues = typeof options.ca === "string" ? [options.ca] : options.ca ?? [];
  const caCerts: string[] = [];
  for (const value of caValues) {
    if (value) caCerts.push(...certificates(await read(value, "ca"), "ca"));
  }
  let cert: string | undefined;
  let key: string | undefined;
  if (options.cert) {
    const certMaterial = await read(options.cert, "cert");
    const chain = certificates(certMaterial, "cert");
    const keyMaterial = options.key ? await read(options.key, "key") : certMaterial;
    if (!options.key && !blocks(certMaterial.text).some((b) => b.label.endsWith("PRIVATE KEY"))) {
      throw new TlsMaterialError(
        `The certificate (${certMaterial.origin}) comes without a private key: set the key too`,
        { part: "key", problem: "missing" },
      );
    }
    const resolved = privateKey(keyMaterial, options.passphrase ?? undefined);
    if (!new X509Certificate(chain[0]!).checkPrivateKey(resolved.object)) {
      throw new TlsMaterialError(
        `The private key (${keyMaterial.origin}) does not belong to the certificate (${certMaterial.origin})`,
        { part: "key", problem: "key-mismatch" },
      );
    }
    cert = chain.join("");
    key = resolved.pem;
  }
  return Object.freeze({
    caCerts: Object.freeze(caCerts),
    cert,
    key,
    rejectUnauthorized: options.rejectUnauthorized ?? true,
  });
}
