import { buildASTSchema, type GraphQLSchema, Kind, parse, visit } from "graphql";

// The emulator's schema: the part of the platform schema a connector touches (every document
// in api/documents.ts, plus the UI's connector mutations). Names, types, arguments and defaults
// are the platform's; objects keep only the fields listed here and @auth/@constraint are left
// out. tests/testing/emulator_schema_test.ts checks it against the reference subset.
export const EMULATOR_SDL = `
scalar DateTime
scalar Upload
scalar Any

enum State { wait progress complete timeout }
enum OrderingMode { asc desc }
enum FilterMode { and or }
enum FilterOperator {
  eq not_eq lt lte gt gte match wildcard contains not_contains ends_with not_ends_with
  starts_with not_starts_with script nil not_nil search within only_eq_to not_only_eq_to
  has_changed not_has_changed
}
enum EditOperation { add replace remove }
enum WorksOrdering { status created_at timestamp _score }
enum ConnectorType {
  EXTERNAL_IMPORT INTERNAL_IMPORT_FILE INTERNAL_ENRICHMENT INTERNAL_ANALYSIS INTERNAL_EXPORT_FILE
  STREAM
}
enum DraftStatus { open validated }

input FilterGroup {
  mode: FilterMode!
  filters: [Filter!]!
  filterGroups: [FilterGroup!]!
}
input Filter {
  key: [String!]!
  values: [Any!]!
  operator: FilterOperator
  mode: FilterMode
}
input EditInput {
  key: String!
  object_path: String
  value: [Any]!
  operation: EditOperation
}
input WorkErrorInput {
  error: String
  source: String
}
input MemberAccessInput {
  id: ID!
  access_right: String!
  groups_restriction_ids: [ID!]
}
input RegisterConnectorInput {
  id: ID!
  name: String!
  type: ConnectorType!
  scope: [String!]
  auto: Boolean
  auto_update: Boolean
  enrichment_resolution: String
  only_contextual: Boolean
  playbook_compatible: Boolean
  listen_callback_uri: String
  xtm_one_intent: String
  version: String
  slug: String
}
input ConnectorInfoInput {
  run_and_terminate: Boolean!
  buffering: Boolean!
  queue_threshold: Float!
  queue_messages_size: Float!
  next_run_datetime: DateTime
  last_run_datetime: DateTime
}
input DraftWorkspaceAddInput {
  name: String!
  createdBy: String
  description: String
  entity_id: String
  objectAssignee: [String]
  objectParticipant: [String]
  authorized_members: [MemberAccessInput!]
}

type Representative {
  main: String!
  secondary: String
}
type PageInfo {
  startCursor: String!
  endCursor: String!
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  globalCount: Int!
}
type Creator {
  id: ID!
  name: String!
  entity_type: String!
  representative: Representative!
}
type AppInfo {
  version: String!
}

type WorkMessage {
  timestamp: DateTime
  message: String
  sequence: Int
  source: String
}
type WorkTracking {
  import_expected_number: Int
  import_last_processed: DateTime
  import_processed_number: Int
}
type Work {
  id: ID!
  name: String
  user: Creator
  connector: Connector
  timestamp: DateTime!
  status: State!
  event_source_id: String
  received_time: DateTime
  processed_time: DateTime
  completed_time: DateTime
  completed_number: Int
  messages: [WorkMessage]
  errors: [WorkMessage]
  tracking: WorkTracking
  draft_context: String
}
type WorkEdge {
  cursor: String!
  node: Work!
}
type WorkConnection {
  pageInfo: PageInfo!
  edges: [WorkEdge]
}
type WorkEditMutations {
  delete: ID!
  ping: ID!
  reportExpectation(error: WorkErrorInput): ID!
  addExpectations(expectations: Int): ID!
  addDraftContext(draftContext: String): ID!
  toReceived(message: String): ID!
  toProcessed(message: String, inError: Boolean): ID!
}
type File {
  id: ID!
  entity_type: String!
  name: String!
  size: Int
  lastModified: DateTime
  uploadStatus: State!
}

type RabbitMQConnection {
  host: String!
  vhost: String!
  use_ssl: Boolean!
  port: Int!
  user: String!
  pass: String!
}
type S3Connection {
  endpoint: String!
  port: Int!
  use_ssl: Boolean!
  bucket_name: String!
  bucket_region: String!
  access_key: String!
  secret_key: String!
}
type ConnectorInfo {
  run_and_terminate: Boolean!
  buffering: Boolean!
  queue_threshold: Float!
  queue_messages_size: Float!
  next_run_datetime: DateTime
  last_run_datetime: DateTime
}
type ConnectorConfig {
  connection: RabbitMQConnection!
  s3: S3Connection!
  listen: String!
  listen_routing: String!
  listen_exchange: String!
  listen_callback_uri: String
  push: String!
  push_routing: String!
  push_exchange: String!
  dead_letter_routing: String!
}
type ConnectorQueueDetails {
  messages_number: Float!
  messages_size: Float!
}
type Connector {
  id: ID!
  standard_id: String!
  entity_type: String!
  name: String!
  title: String!
  active: Boolean
  last_seen_at: DateTime
  auto: Boolean
  auto_update: Boolean
  enrichment_resolution: String
  only_contextual: Boolean
  playbook_compatible: Boolean
  connector_trigger_filters: String
  connector_type: String
  connector_scope: [String!]
  connector_state: String
  connector_state_reset: Boolean
  connector_state_timestamp: DateTime
  connector_user_id: ID
  connector_queue_details: ConnectorQueueDetails!
  connector_info: ConnectorInfo
  updated_at: DateTime
  created_at: DateTime
  config: ConnectorConfig
  works(status: String): [Work]
  built_in: Boolean
  xtm_one_intent: String
  version: String
  slug: String
  jwks: String!
}

type StreamCollection {
  id: ID!
  name: String
  description: String
  filters: String
  stream_live: Boolean
  stream_public: Boolean
}

type DraftWorkspace {
  id: ID!
  entity_type: String!
  standard_id: String!
  name: String!
  description: String
  created_at: DateTime!
  entity_id: String
  draft_status: DraftStatus!
  processingCount: Int!
}

type Query {
  about: AppInfo
  connector(id: String!): Connector
  work(id: ID!): Work
  isWorkAlive(id: ID!): Boolean
  works(
    first: Int
    after: ID
    orderBy: WorksOrdering
    orderMode: OrderingMode
    search: String
    filters: FilterGroup
  ): WorkConnection
  streamCollection(id: String!): StreamCollection
}

type Mutation {
  registerConnector(input: RegisterConnectorInput): Connector
  pingConnector(id: ID!, state: String, connectorInfo: ConnectorInfoInput): Connector
  deleteConnector(id: ID!): ID!
  resetStateConnector(id: ID!): Connector
  updateConnectorTrigger(id: ID!, input: [EditInput]!): Connector
  workAdd(connectorId: String!, friendlyName: String, isMultiPartWork: Boolean = false): Work!
  workEdit(id: ID!): WorkEditMutations
  workDelete(connectorId: String!): Boolean
  uploadPending(
    file: Upload!
    entityId: String
    labels: [String]
    errorOnExisting: Boolean
    file_markings: [String!]
    refreshEntity: Boolean
  ): File
  stixBundlePush(connectorId: String!, bundle: String!, work_id: String): Boolean
  draftWorkspaceAdd(input: DraftWorkspaceAddInput!): DraftWorkspace
  playbookStepExecution(
    execution_id: ID!
    event_id: ID!
    execution_start: DateTime!
    data_instance_id: ID!
    playbook_id: ID!
    previous_step_id: ID!
    step_id: ID!
    previous_bundle: String!
    bundle: String!
  ): Boolean
}
`;

/**
 * Builds the emulator's schema, leaving out the given `Type.field` entries so a test can play
 * an older platform (e.g. `Connector.jwks`, `RegisterConnectorInput.version`).
 */
export function buildEmulatorSchema(without: readonly string[] = []): GraphQLSchema {
  const drop = new Set(without);
  for (const entry of drop) {
    if (!/^[_A-Za-z]\w*\.[_A-Za-z]\w*$/.test(entry)) {
      throw new TypeError(`Cannot remove schema field "${entry}": expected "Type.field"`);
    }
  }
  let ast = parse(EMULATOR_SDL);
  if (drop.size > 0) {
    const keep = <T extends { name: { value: string } }>(
      typeName: string,
      fields: readonly T[] | undefined,
    ): T[] | undefined => fields?.filter((f) => !drop.has(`${typeName}.${f.name.value}`));
    ast = visit(ast, {
      [Kind.OBJECT_TYPE_DEFINITION]: (node) => ({
        ...node,
        fields: keep(node.name.value, node.fields),
      }),
      [Kind.INPUT_OBJECT_TYPE_DEFINITION]: (node) => ({
        ...node,
        fields: keep(node.name.value, node.fields),
      }),
    });
  }
  return buildASTSchema(ast);
}
