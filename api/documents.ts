/**
 * Names of the GraphQL documents the library can send, one per platform operation.
 *
 * `registerConnector` is the newest selection (with `jwks` and `config.s3`);
 * `registerConnectorWithoutJwks` and `registerConnectorLegacy` are the older selections that
 * {@linkcode registerConnector} falls back to when a platform rejects the newer fields.
 *
 * @example
 * ```ts
 * import { OPENCTI_DOCUMENTS, type OpenCTIDocumentName } from "@octi/connector/api";
 * const name: OpenCTIDocumentName = "pingWork";
 * if (!OPENCTI_DOCUMENTS[name].includes("ping")) throw new Error();
 * ```
 */
export type OpenCTIDocumentName =
  | "healthCheck"
  | "registerConnector"
  | "registerConnectorWithoutJwks"
  | "registerConnectorLegacy"
  | "pingConnector"
  | "deleteConnector"
  | "getConnector"
  | "workAdd"
  | "workToReceived"
  | "workToProcessed"
  | "pingWork"
  | "reportExpectation"
  | "addExpectations"
  | "addDraftContext"
  | "deleteWork"
  | "getWork"
  | "streamCollection"
  | "stixBundlePush"
  | "uploadPending"
  | "draftWorkspaceAdd"
  | "playbookStepExecution";

const REGISTER_HEAD = `mutation RegisterConnector($input: RegisterConnectorInput) {
  registerConnector(input: $input) {
    id
    connector_state`;

const REGISTER_CONFIG = `
    config {
      connection {
        host
        vhost
        use_ssl
        port
        user
        pass
      }`;

const REGISTER_S3 = `
      s3 {
        endpoint
        port
        use_ssl
        bucket_name
        bucket_region
        access_key
        secret_key
      }`;

const REGISTER_TAIL = `
      listen
      listen_routing
      listen_exchange
      push
      push_routing
      push_exchange
    }
    connector_user_id
  }
}`;

/**
 * Every GraphQL document the library sends, exactly as pycti sends it (operation names,
 * variable declarations and selections unchanged; only indentation normalised). Keeping
 * them in one place makes a platform change a one-file change; a test validates each one
 * against the platform schema.
 *
 * @example
 * ```ts
 * import { OPENCTI_DOCUMENTS } from "@octi/connector/api";
 * if (!OPENCTI_DOCUMENTS.pingWork.startsWith("mutation pingWork(")) throw new Error();
 * ```
 */
export const OPENCTI_DOCUMENTS: Readonly<Record<OpenCTIDocumentName, string>> = Object.freeze({
  healthCheck: `query healthCheck {
  about {
    version
  }
}`,
  registerConnector: REGISTER_HEAD + "\n    jwks" + REGISTER_CONFIG + REGISTER_S3 +
    REGISTER_TAIL,
  registerConnectorWithoutJwks: REGISTER_HEAD + REGISTER_CONFIG + REGISTER_S3 + REGISTER_TAIL,
  registerConnectorLegacy: REGISTER_HEAD + REGISTER_CONFIG + REGISTER_TAIL,
  pingConnector:
    `mutation PingConnector($id: ID!, $state: String, $connectorInfo: ConnectorInfoInput ) {
  pingConnector(id: $id, state: $state, connectorInfo: $connectorInfo) {
    id
    connector_state
    connector_info {
      run_and_terminate
      buffering
      queue_threshold
      queue_messages_size
      next_run_datetime
      last_run_datetime
    }
  }
}`,
  deleteConnector: `mutation ConnectorDeletionMutation($id: ID!) {
  deleteConnector(id: $id)
}`,
  getConnector: `query GetConnector($id: String!) {
  connector(id: $id) {
    id
    name
    active
    auto
    only_contextual
    connector_type
    connector_scope
    connector_state
    connector_queue_details {
      messages_number
      messages_size
    }
    updated_at
    created_at
    config {
      listen
      listen_exchange
      push
      push_exchange
      push_routing
    }
    built_in
  }
}`,
  workAdd: `mutation workAdd($connectorId: String!, $friendlyName: String) {
  workAdd(connectorId: $connectorId, friendlyName: $friendlyName) {
    id
  }
}`,
  workToReceived: `mutation workToReceived($id: ID!, $message: String) {
  workEdit(id: $id) {
    toReceived (message: $message)
  }
}`,
  workToProcessed: `mutation workToProcessed($id: ID!, $message: String, $inError: Boolean) {
  workEdit(id: $id) {
    toProcessed (message: $message, inError: $inError)
  }
}`,
  pingWork: `mutation pingWork($id: ID!) {
  workEdit(id: $id) {
    ping
  }
}`,
  reportExpectation: `mutation reportExpectation($id: ID!, $error: WorkErrorInput) {
  workEdit(id: $id) {
    reportExpectation(error: $error)
  }
}`,
  addExpectations: `mutation addExpectations($id: ID!, $expectations: Int) {
  workEdit(id: $id) {
    addExpectations(expectations: $expectations)
  }
}`,
  addDraftContext: `mutation addDraftContext($id: ID!, $draftContext: String) {
  workEdit(id: $id) {
    addDraftContext(draftContext: $draftContext)
  }
}`,
  deleteWork: `mutation ConnectorWorksMutation($workId: ID!) {
  workEdit(id: $workId) {
    delete
  }
}`,
  getWork: `query WorkQuery($id: ID!) {
  work(id: $id) {
    id
    name
    user {
      name
    }
    timestamp
    status
    event_source_id
    received_time
    processed_time
    completed_time
    tracking {
      import_expected_number
      import_processed_number
    }
    messages {
      timestamp
      message
      sequence
      source
    }
    errors {
      timestamp
      message
      sequence
      source
    }
  }
}`,
  streamCollection: `query StreamCollection($id: String!) {
  streamCollection(id: $id)  {
    id
    name
    description
    stream_live
    stream_public
  }
}`,
  stixBundlePush:
    `mutation StixBundlePush($connectorId: String!, $bundle: String!, $work_id: String) {
  stixBundlePush(connectorId: $connectorId, bundle: $bundle, work_id: $work_id)
}`,
  uploadPending:
    `mutation UploadPending($file: Upload!, $entityId: String, $file_markings: [String!]) {
  uploadPending(file: $file, entityId: $entityId, file_markings: $file_markings) {
    id
    name
  }
}`,
  draftWorkspaceAdd: `mutation draftWorkspaceAdd($input: DraftWorkspaceAddInput!) {
  draftWorkspaceAdd(input: $input) {
    id
  }
}`,
  playbookStepExecution:
    `mutation PlaybookStepExecution($execution_id: ID!, $event_id: ID!, $execution_start: DateTime!, $data_instance_id: ID!, $playbook_id: ID!, $previous_step_id: ID!, $step_id: ID!, $previous_bundle: String!, $bundle: String!) {
  playbookStepExecution(execution_id: $execution_id, event_id: $event_id, execution_start: $execution_start, data_instance_id: $data_instance_id, playbook_id: $playbook_id, previous_step_id: $previous_step_id, step_id: $step_id, previous_bundle: $previous_bundle, bundle: $bundle)
}`,
});

/**
 * Names of the service-account documents ({@linkcode OPENCTI_SERVICE_ACCOUNT_DOCUMENTS}).
 *
 * @example
 * ```ts
 * import {
 *   OPENCTI_SERVICE_ACCOUNT_DOCUMENTS,
 *   type OpenCTIServiceAccountDocumentName,
 * } from "@octi/connector/api";
 * const name: OpenCTIServiceAccountDocumentName = "userRead";
 * if (!OPENCTI_SERVICE_ACCOUNT_DOCUMENTS[name].includes("api_token")) throw new Error();
 * ```
 */
export type OpenCTIServiceAccountDocumentName = "groups" | "userList" | "userRead" | "userAdd";

const PAGE_INFO = `
    pageInfo {
      startCursor
      endCursor
      hasNextPage
      hasPreviousPage
      globalCount
    }`;

/**
 * The documents of service-account auto-creation (platform-protocol §3.13), kept apart from
 * {@linkcode OPENCTI_DOCUMENTS}: they use platform fields outside the connector schema subset
 * (`groups`, `users`, `user`, `userAdd`, `User.api_token`), so they cannot be validated against
 * it and the emulator does not answer them. Newest platforms no longer expose
 * `User.api_token`: there `userRead` and `userAdd` fail with a GraphQL error.
 *
 * Operation names, variable declarations, root-field arguments and `pageInfo` selections are
 * the reference's. The reference elides pycti's node selections (its full user and group
 * property sets) and the `UserList` declarations: the nodes select only the fields the helper
 * consumes (`id`, and `api_token`), and `UserList` declares its root field's arguments with
 * pycti's types.
 *
 * @example
 * ```ts
 * import { OPENCTI_SERVICE_ACCOUNT_DOCUMENTS } from "@octi/connector/api";
 * if (!OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.userAdd.startsWith("mutation UserAdd(")) throw new Error();
 * ```
 */
export const OPENCTI_SERVICE_ACCOUNT_DOCUMENTS: Readonly<
  Record<OpenCTIServiceAccountDocumentName, string>
> = Object.freeze({
  groups:
    `query Groups($first: Int, $after: ID, $orderBy: GroupsOrdering, $orderMode: OrderingMode, $search: String, $filters: FilterGroup) {
  groups(first: $first, after: $after, orderBy: $orderBy, orderMode: $orderMode, search: $search, filters: $filters) {
    edges {
      node {
        id
      }
    }${PAGE_INFO}
  }
}`,
  userList:
    `query UserList($first: Int, $after: ID, $orderBy: UsersOrdering, $orderMode: OrderingMode, $filters: FilterGroup, $search: String) {
  users(first: $first, after: $after, orderBy: $orderBy, orderMode: $orderMode, filters: $filters, search: $search) {
    edges {
      node {
        id
      }
    }${PAGE_INFO}
  }
}`,
  userRead: `query UserRead($id: String!) {
  user(id: $id) {
    id
    api_token
  }
}`,
  userAdd: `mutation UserAdd($input: UserAddInput!) {
  userAdd(input: $input) {
    id
    api_token
  }
}`,
});
