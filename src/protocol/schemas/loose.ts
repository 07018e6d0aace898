/**
 * The cross-version ("loose") MCP message schemas: each accepts any released version's shape, and unknown fields
 * pass. Use them to read messages; use the per-version registry (`registry.ts`) to judge them.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/schema
 */
import type { z } from 'zod';
import { LOOSE_PROFILE } from './profile.js';
import { defineSchemas } from './define-schemas.js';

const loose = defineSchemas(LOOSE_PROFILE);

/** Implementation (any released version). */
export const ImplementationSchema = loose.Implementation;
export type Implementation = z.infer<typeof ImplementationSchema>;
/** ClientCapabilities (any released version). */
export const ClientCapabilitiesSchema = loose.ClientCapabilities;
export type ClientCapabilities = z.infer<typeof ClientCapabilitiesSchema>;
/** ServerCapabilities (any released version). */
export const ServerCapabilitiesSchema = loose.ServerCapabilities;
export type ServerCapabilities = z.infer<typeof ServerCapabilitiesSchema>;
/** InitializeRequestParams (any released version). */
export const InitializeRequestParamsSchema = loose.InitializeRequestParams;
export type InitializeRequestParams = z.infer<typeof InitializeRequestParamsSchema>;
/** InitializeResult (any released version). */
export const InitializeResultSchema = loose.InitializeResult;
export type InitializeResult = z.infer<typeof InitializeResultSchema>;
/** Tool (any released version). */
export const ToolSchema = loose.Tool;
export type Tool = z.infer<typeof ToolSchema>;
/** ToolAnnotations (any released version). */
export const ToolAnnotationsSchema = loose.ToolAnnotations;
export type ToolAnnotations = z.infer<typeof ToolAnnotationsSchema>;
/** ListToolsResult (any released version). */
export const ListToolsResultSchema = loose.ListToolsResult;
export type ListToolsResult = z.infer<typeof ListToolsResultSchema>;
/** CallToolRequestParams (any released version). */
export const CallToolRequestParamsSchema = loose.CallToolRequestParams;
export type CallToolRequestParams = z.infer<typeof CallToolRequestParamsSchema>;
/** CallToolResult (any released version). */
export const CallToolResultSchema = loose.CallToolResult;
export type CallToolResult = z.infer<typeof CallToolResultSchema>;
/** ContentBlock (any released version). */
export const ContentBlockSchema = loose.ContentBlock;
export type ContentBlock = z.infer<typeof ContentBlockSchema>;
/** TextContent (any released version). */
export const TextContentSchema = loose.TextContent;
export type TextContent = z.infer<typeof TextContentSchema>;
/** ImageContent (any released version). */
export const ImageContentSchema = loose.ImageContent;
export type ImageContent = z.infer<typeof ImageContentSchema>;
/** AudioContent (any released version). */
export const AudioContentSchema = loose.AudioContent;
export type AudioContent = z.infer<typeof AudioContentSchema>;
/** ResourceLink (any released version). */
export const ResourceLinkSchema = loose.ResourceLink;
export type ResourceLink = z.infer<typeof ResourceLinkSchema>;
/** EmbeddedResource (any released version). */
export const EmbeddedResourceSchema = loose.EmbeddedResource;
export type EmbeddedResource = z.infer<typeof EmbeddedResourceSchema>;
/** Resource (any released version). */
export const ResourceSchema = loose.Resource;
export type Resource = z.infer<typeof ResourceSchema>;
/** ResourceTemplate (any released version). */
export const ResourceTemplateSchema = loose.ResourceTemplate;
export type ResourceTemplate = z.infer<typeof ResourceTemplateSchema>;
/** ListResourcesResult (any released version). */
export const ListResourcesResultSchema = loose.ListResourcesResult;
export type ListResourcesResult = z.infer<typeof ListResourcesResultSchema>;
/** ListResourceTemplatesResult (any released version). */
export const ListResourceTemplatesResultSchema = loose.ListResourceTemplatesResult;
export type ListResourceTemplatesResult = z.infer<typeof ListResourceTemplatesResultSchema>;
/** ReadResourceRequestParams (any released version). */
export const ReadResourceRequestParamsSchema = loose.ReadResourceRequestParams;
export type ReadResourceRequestParams = z.infer<typeof ReadResourceRequestParamsSchema>;
/** ReadResourceResult (any released version). */
export const ReadResourceResultSchema = loose.ReadResourceResult;
export type ReadResourceResult = z.infer<typeof ReadResourceResultSchema>;
/** ResourceContents (any released version). */
export const ResourceContentsSchema = loose.ResourceContents;
export type ResourceContents = z.infer<typeof ResourceContentsSchema>;
/** TextResourceContents (any released version). */
export const TextResourceContentsSchema = loose.TextResourceContents;
export type TextResourceContents = z.infer<typeof TextResourceContentsSchema>;
/** BlobResourceContents (any released version). */
export const BlobResourceContentsSchema = loose.BlobResourceContents;
export type BlobResourceContents = z.infer<typeof BlobResourceContentsSchema>;
/** Prompt (any released version). */
export const PromptSchema = loose.Prompt;
export type Prompt = z.infer<typeof PromptSchema>;
/** PromptArgument (any released version). */
export const PromptArgumentSchema = loose.PromptArgument;
export type PromptArgument = z.infer<typeof PromptArgumentSchema>;
/** PromptMessage (any released version). */
export const PromptMessageSchema = loose.PromptMessage;
export type PromptMessage = z.infer<typeof PromptMessageSchema>;
/** ListPromptsResult (any released version). */
export const ListPromptsResultSchema = loose.ListPromptsResult;
export type ListPromptsResult = z.infer<typeof ListPromptsResultSchema>;
/** GetPromptRequestParams (any released version). */
export const GetPromptRequestParamsSchema = loose.GetPromptRequestParams;
export type GetPromptRequestParams = z.infer<typeof GetPromptRequestParamsSchema>;
/** GetPromptResult (any released version). */
export const GetPromptResultSchema = loose.GetPromptResult;
export type GetPromptResult = z.infer<typeof GetPromptResultSchema>;
/** PromptReference (any released version). */
export const PromptReferenceSchema = loose.PromptReference;
export type PromptReference = z.infer<typeof PromptReferenceSchema>;
/** ResourceTemplateReference (any released version). */
export const ResourceTemplateReferenceSchema = loose.ResourceTemplateReference;
export type ResourceTemplateReference = z.infer<typeof ResourceTemplateReferenceSchema>;
/** CompleteRequestParams (any released version). */
export const CompleteRequestParamsSchema = loose.CompleteRequestParams;
export type CompleteRequestParams = z.infer<typeof CompleteRequestParamsSchema>;
/** CompleteResult (any released version). */
export const CompleteResultSchema = loose.CompleteResult;
export type CompleteResult = z.infer<typeof CompleteResultSchema>;
/** LoggingLevel (any released version). */
export const LoggingLevelSchema = loose.LoggingLevel;
export type LoggingLevel = z.infer<typeof LoggingLevelSchema>;
/** SetLevelRequestParams (any released version). */
export const SetLevelRequestParamsSchema = loose.SetLevelRequestParams;
export type SetLevelRequestParams = z.infer<typeof SetLevelRequestParamsSchema>;
/** ProgressNotificationParams (any released version). */
export const ProgressNotificationParamsSchema = loose.ProgressNotificationParams;
export type ProgressNotificationParams = z.infer<typeof ProgressNotificationParamsSchema>;
/** CancelledNotificationParams (any released version). */
export const CancelledNotificationParamsSchema = loose.CancelledNotificationParams;
export type CancelledNotificationParams = z.infer<typeof CancelledNotificationParamsSchema>;
/** LoggingMessageNotificationParams (any released version). */
export const LoggingMessageNotificationParamsSchema = loose.LoggingMessageNotificationParams;
export type LoggingMessageNotificationParams = z.infer<typeof LoggingMessageNotificationParamsSchema>;
/** ResourceUpdatedNotificationParams (any released version). */
export const ResourceUpdatedNotificationParamsSchema = loose.ResourceUpdatedNotificationParams;
export type ResourceUpdatedNotificationParams = z.infer<typeof ResourceUpdatedNotificationParamsSchema>;
/** NotificationParams (any released version). */
export const NotificationParamsSchema = loose.NotificationParams;
export type NotificationParams = z.infer<typeof NotificationParamsSchema>;
/** CreateMessageRequestParams (any released version). */
export const CreateMessageRequestParamsSchema = loose.CreateMessageRequestParams;
export type CreateMessageRequestParams = z.infer<typeof CreateMessageRequestParamsSchema>;
/** CreateMessageResult (any released version). */
export const CreateMessageResultSchema = loose.CreateMessageResult;
export type CreateMessageResult = z.infer<typeof CreateMessageResultSchema>;
/** SamplingMessage (any released version). */
export const SamplingMessageSchema = loose.SamplingMessage;
export type SamplingMessage = z.infer<typeof SamplingMessageSchema>;
/** ModelPreferences (any released version). */
export const ModelPreferencesSchema = loose.ModelPreferences;
export type ModelPreferences = z.infer<typeof ModelPreferencesSchema>;
/** ToolUseContent (any released version). */
export const ToolUseContentSchema = loose.ToolUseContent;
export type ToolUseContent = z.infer<typeof ToolUseContentSchema>;
/** ToolResultContent (any released version). */
export const ToolResultContentSchema = loose.ToolResultContent;
export type ToolResultContent = z.infer<typeof ToolResultContentSchema>;
/** ElicitRequestParams (any released version). */
export const ElicitRequestParamsSchema = loose.ElicitRequestParams;
export type ElicitRequestParams = z.infer<typeof ElicitRequestParamsSchema>;
/** ElicitRequestFormParams (any released version). */
export const ElicitRequestFormParamsSchema = loose.ElicitRequestFormParams;
export type ElicitRequestFormParams = z.infer<typeof ElicitRequestFormParamsSchema>;
/** ElicitRequestUrlParams (any released version). */
export const ElicitRequestUrlParamsSchema = loose.ElicitRequestUrlParams;
export type ElicitRequestUrlParams = z.infer<typeof ElicitRequestUrlParamsSchema>;
/** PrimitiveSchemaDefinition (any released version). */
export const PrimitiveSchemaDefinitionSchema = loose.PrimitiveSchemaDefinition;
export type PrimitiveSchemaDefinition = z.infer<typeof PrimitiveSchemaDefinitionSchema>;
/** ElicitResult (any released version). */
export const ElicitResultSchema = loose.ElicitResult;
export type ElicitResult = z.infer<typeof ElicitResultSchema>;
/** ListRootsResult (any released version). */
export const ListRootsResultSchema = loose.ListRootsResult;
export type ListRootsResult = z.infer<typeof ListRootsResultSchema>;
/** Root (any released version). */
export const RootSchema = loose.Root;
export type Root = z.infer<typeof RootSchema>;
/** EmptyResult (any released version). */
export const EmptyResultSchema = loose.EmptyResult;
export type EmptyResult = z.infer<typeof EmptyResultSchema>;
/** PaginatedRequestParams (any released version). */
export const PaginatedRequestParamsSchema = loose.PaginatedRequestParams;
export type PaginatedRequestParams = z.infer<typeof PaginatedRequestParamsSchema>;
/** Cursor (any released version). */
export const CursorSchema = loose.Cursor;
export type Cursor = z.infer<typeof CursorSchema>;
/** ProgressToken (any released version). */
export const ProgressTokenSchema = loose.ProgressToken;
export type ProgressToken = z.infer<typeof ProgressTokenSchema>;
/** Role (any released version). */
export const RoleSchema = loose.Role;
export type Role = z.infer<typeof RoleSchema>;
/** Annotations (any released version). */
export const AnnotationsSchema = loose.Annotations;
export type Annotations = z.infer<typeof AnnotationsSchema>;
/** Icon (any released version). */
export const IconSchema = loose.Icon;
export type Icon = z.infer<typeof IconSchema>;
/** DiscoverResult (any released version). */
export const DiscoverResultSchema = loose.DiscoverResult;
export type DiscoverResult = z.infer<typeof DiscoverResultSchema>;
/** RequestMeta (any released version). */
export const RequestMetaSchema = loose.RequestMeta;
export type RequestMeta = z.infer<typeof RequestMetaSchema>;
/** ResultMeta (any released version). */
export const ResultMetaSchema = loose.ResultMeta;
export type ResultMeta = z.infer<typeof ResultMetaSchema>;
/** NotificationMeta (any released version). */
export const NotificationMetaSchema = loose.NotificationMeta;
export type NotificationMeta = z.infer<typeof NotificationMetaSchema>;
/** ResultType (any released version). */
export const ResultTypeSchema = loose.ResultType;
export type ResultType = z.infer<typeof ResultTypeSchema>;
/** InputRequiredResult (any released version). */
export const InputRequiredResultSchema = loose.InputRequiredResult;
export type InputRequiredResult = z.infer<typeof InputRequiredResultSchema>;
/** InputRequest (any released version). */
export const InputRequestSchema = loose.InputRequest;
export type InputRequest = z.infer<typeof InputRequestSchema>;
/** InputRequests (any released version). */
export const InputRequestsSchema = loose.InputRequests;
export type InputRequests = z.infer<typeof InputRequestsSchema>;
/** InputResponse (any released version). */
export const InputResponseSchema = loose.InputResponse;
export type InputResponse = z.infer<typeof InputResponseSchema>;
/** InputResponses (any released version). */
export const InputResponsesSchema = loose.InputResponses;
export type InputResponses = z.infer<typeof InputResponsesSchema>;
/** UnsupportedProtocolVersionErrorData (any released version). */
export const UnsupportedProtocolVersionErrorDataSchema = loose.UnsupportedProtocolVersionErrorData;
export type UnsupportedProtocolVersionErrorData = z.infer<typeof UnsupportedProtocolVersionErrorDataSchema>;
/** MissingRequiredClientCapabilityErrorData (any released version). */
export const MissingRequiredClientCapabilityErrorDataSchema = loose.MissingRequiredClientCapabilityErrorData;
export type MissingRequiredClientCapabilityErrorData = z.infer<typeof MissingRequiredClientCapabilityErrorDataSchema>;
/** CacheScope (any released version). */
export const CacheScopeSchema = loose.CacheScope;
export type CacheScope = z.infer<typeof CacheScopeSchema>;
/** SubscriptionFilter (any released version). */
export const SubscriptionFilterSchema = loose.SubscriptionFilter;
export type SubscriptionFilter = z.infer<typeof SubscriptionFilterSchema>;
/** SubscriptionsListenRequestParams (any released version). */
export const SubscriptionsListenRequestParamsSchema = loose.SubscriptionsListenRequestParams;
export type SubscriptionsListenRequestParams = z.infer<typeof SubscriptionsListenRequestParamsSchema>;
/** SubscriptionsListenResult (any released version). */
export const SubscriptionsListenResultSchema = loose.SubscriptionsListenResult;
export type SubscriptionsListenResult = z.infer<typeof SubscriptionsListenResultSchema>;
/** SubscriptionsAcknowledgedNotificationParams (any released version). */
export const SubscriptionsAcknowledgedNotificationParamsSchema = loose.SubscriptionsAcknowledgedNotificationParams;
export type SubscriptionsAcknowledgedNotificationParams = z.infer<typeof SubscriptionsAcknowledgedNotificationParamsSchema>;
/** ElicitationCompleteNotificationParams (any released version). */
export const ElicitationCompleteNotificationParamsSchema = loose.ElicitationCompleteNotificationParams;
export type ElicitationCompleteNotificationParams = z.infer<typeof ElicitationCompleteNotificationParamsSchema>;
/** RequestParams (any released version). */
export const RequestParamsSchema = loose.RequestParams;
export type RequestParams = z.infer<typeof RequestParamsSchema>;
/** Task (any released version). */
export const TaskSchema = loose.Task;
export type Task = z.infer<typeof TaskSchema>;
/** TaskRequestParams (any released version). */
export const TaskRequestParamsSchema = loose.TaskRequestParams;
export type TaskRequestParams = z.infer<typeof TaskRequestParamsSchema>;
/** TaskResult (any released version). */
export const TaskResultSchema = loose.TaskResult;
export type TaskResult = z.infer<typeof TaskResultSchema>;
/** CreateTaskResult (any released version). */
export const CreateTaskResultSchema = loose.CreateTaskResult;
export type CreateTaskResult = z.infer<typeof CreateTaskResultSchema>;
/** ListTasksResult (any released version). */
export const ListTasksResultSchema = loose.ListTasksResult;
export type ListTasksResult = z.infer<typeof ListTasksResultSchema>;
/** TaskStatusNotificationParams (any released version). */
export const TaskStatusNotificationParamsSchema = loose.TaskStatusNotificationParams;
export type TaskStatusNotificationParams = z.infer<typeof TaskStatusNotificationParamsSchema>;
