// Construction, platform-protocol §12.1: settings → service account → the two API clients and
// their health checks → metrics → registration → broker and S3 settings. Whatever was opened
// is closed again when a later step fails.
import { apiHealthCheck } from "../api/api_health_check.ts";
import {
  OpenCTIApiClient,
  type OpenCTIApiClientOptions,
  type OpenCTIApiRetryOptions,
} from "../api/opencti_api_client.ts";
import { OpenCTIApiError } from "../api/opencti_api_error.ts";
import {
  type ConnectorRegistration,
  registerConnector,
  type RegisterConnectorInput,
} from "../api/register_connector.ts";
import { applyMqOverrides, type MqConnectionConfig } from "../config/apply_mq_overrides.ts";
import { applyS3Overrides, type S3Target } from "../config/apply_s3_overrides.ts";
import type { ConnectorSettings } from "../config/connector_settings.ts";
import type { Clock } from "../core/clock.ts";
import { mqTlsOptions } from "../tls/mq_tls_options.ts";
import { openctiTlsOptions } from "../tls/opencti_tls_options.ts";
import { resolveTlsOptions } from "../tls/resolve_tls_options.ts";
import type { ResolvedTlsOptions } from "../tls/tls_options.ts";
import { type NodeTlsSocketOptions, toNodeTlsOptions } from "../tls/to_node_tls_options.ts";
import type { HelperLogger } from "./_helper_logger.ts";
import { reasonOf } from "./_reason_of.ts";
import { resolveServiceAccountToken } from "./_service_account.ts";
import {
  ConnectorStartError,
  type ConnectorStartFailure,
  type ConnectorStartStep,
} from "./connector_start_error.ts";
import { OpenCTIMetricHandler } from "./metric_handler.ts";

export interface StartConnectorOptions {
  settings: ConnectorSettings;
  logger: HelperLogger;
  clock: Clock;
  playbookCompatible: boolean;
  apiRetry: OpenCTIApiRetryOptions | undefined;
  apiTimeoutMs: number | undefined;
  metricsHostname: string | undefined;
}

export interface StartedConnector {
  token: string;
  api: OpenCTIApiClient;
  apiImpersonate: OpenCTIApiClient;
  metrics: OpenCTIMetricHandler;
  registration: ConnectorRegistration;
  descriptor: Readonly<RegisterConnectorInput>;
  openctiTls: ResolvedTlsOptions | undefined;
  mq: MqConnectionConfig;
  mqTls: NodeTlsSocketOptions | undefined;
  s3: S3Target;
}

function failureOf(error: unknown): ConnectorStartFailure {
  if (error instanceof OpenCTIApiError) {
    if (
      error.code === "AUTH_REQUIRED" || error.code === "FORBIDDEN_ACCESS" ||
      error.status === 401 || error.status === 403
    ) return "unauthorized";
    if (
      error.code === "NETWORK_ERROR" || error.code === "TIMEOUT" || (error.status ?? 0) >= 500
    ) return "unreachable";
  }
  return "rejected";
}

export async function startConnector(options: StartConnectorOptions): Promise<StartedConnector> {
  const { settings, logger, clock } = options;
  const { url } = settings.opencti;
  const name = settings.connector.name;
  const opened: { close(): unknown }[] = [];
  const fail = (step: ConnectorStartStep, error: unknown, what: string): never => {
    const failure = failureOf(error);
    const why = failure === "unreachable"
      ? `OpenCTI API is not reachable at ${url}. Waiting for OpenCTI API to start or check your configuration... (${
        reasonOf(error)
      })`
      : failure === "unauthorized"
      ? `the platform at ${url} rejected the token (check OPENCTI_TOKEN): ${reasonOf(error)}`
      : `${what} failed: ${reasonOf(error)}`;
    throw new ConnectorStartError(`Cannot start connector "${name}": ${why}`, { step, failure }, {
      cause: error,
    });
  };

  try {
    let openctiTls: ResolvedTlsOptions | undefined;
    if (url.startsWith("https:")) {
      try {
        openctiTls = await resolveTlsOptions(openctiTlsOptions(settings.opencti.sslVerify));
      } catch (error) {
        fail("health_check", error, "reading the OPENCTI_SSL_VERIFY CA bundle");
      }
    }
    const client = (token: string): OpenCTIApiClient => {
      const clientOptions: OpenCTIApiClientOptions = {
        url,
        token,
        customHeaders: settings.opencti.customHeaders,
        logger,
        clock,
        ...(openctiTls ? { tls: openctiTls } : {}),
        ...(options.apiRetry ? { retry: options.apiRetry } : {}),
        ...(options.apiTimeoutMs !== undefined ? { timeoutMs: options.apiTimeoutMs } : {}),
      };
      const created = new OpenCTIApiClient(clientOptions);
      opened.push(created);
      return created;
    };
    const healthCheck = async (api: OpenCTIApiClient, step: ConnectorStartStep) => {
      try {
        await apiHealthCheck(api);
      } catch (error) {
        fail(step, error, "the health check");
      }
    };

    let token = settings.opencti.token;
    if (settings.connector.autoCreateServiceAccount) {
      const admin = client(token);
      await healthCheck(admin, "service_account");
      try {
        const created = await resolveServiceAccountToken(admin, {
          connectorName: name,
          confidenceLevel: settings.connector.autoCreateServiceAccountConfidenceLevel,
          logger,
        });
        if (created !== null) {
          logger.addSecret(created);
          token = created;
        }
      } catch (error) {
        fail("service_account", error, "creating the connector service account");
      }
      admin.close();
    }

    const api = client(token);
    await healthCheck(api, "health_check");
    const apiImpersonate = client(token);
    await healthCheck(apiImpersonate, "health_check");

    let metrics: OpenCTIMetricHandler;
    try {
      metrics = new OpenCTIMetricHandler({
        logger,
        clock,
        activated: settings.connector.exposeMetrics,
        namespace: settings.connector.metricsNamespace,
        subsystem: settings.connector.metricsSubsystem,
        port: settings.connector.metricsPort,
        ...(options.metricsHostname ? { hostname: options.metricsHostname } : {}),
      });
    } catch (error) {
      return fail("metrics", error, "exposing the metrics");
    }
    opened.push(metrics);

    const connector = settings.connector;
    const descriptor: RegisterConnectorInput = Object.freeze({
      id: connector.id,
      name: connector.name,
      type: connector.type,
      scope: Object.freeze([...connector.scope]),
      auto: connector.auto,
      auto_update: connector.autoUpdate,
      enrichment_resolution: connector.enrichmentResolution,
      only_contextual: connector.onlyContextual,
      playbook_compatible: options.playbookCompatible,
      listen_callback_uri: connector.listenCallbackUri,
      ...(connector.xtmOneIntent ? { xtm_one_intent: connector.xtmOneIntent } : {}),
    });
    let registration: ConnectorRegistration;
    try {
      registration = await registerConnector(api, descriptor);
    } catch (error) {
      return fail("registration", error, "the registration");
    }
    logger.info("Connector registered with ID", { id: registration.id });

    let mq: MqConnectionConfig;
    let mqTls: NodeTlsSocketOptions | undefined;
    try {
      mq = applyMqOverrides(registration.config.connection, settings.mq);
      if (mq.use_ssl) {
        mqTls = toNodeTlsOptions(await resolveTlsOptions(mqTlsOptions(settings.mq)), {
          servername: mq.host,
        });
      }
    } catch (error) {
      return fail("broker_settings", error, "reading the MQ_USE_SSL_* settings");
    }
    const s3 = applyS3Overrides(settings, registration.config.s3);
    return {
      token,
      api,
      apiImpersonate,
      metrics,
      registration,
      descriptor,
      openctiTls,
      mq,
      mqTls,
      s3,
    };
  } catch (error) {
    for (const resource of opened.reverse()) {
      try {
        await resource.close();
      } catch {
        // closing after a failed start: the start error is what matters
      }
    }
    throw error;
  }
}
