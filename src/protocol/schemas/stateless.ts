/**
 * The stateless protocol of 2026-07-28: `server/discover`, multi-round-trip requests (an `InputRequiredResult`
 * carries the server's `inputRequests`; the client retries with `inputResponses` and `requestState`),
 * `subscriptions/listen`, and the data of its new errors.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/lifecycle
 */
import { z } from 'zod';
import { integer } from './profile.js';
import type { SchemaProfile } from './profile.js';
import { withMetaKeyRule } from './meta-keys.js';
import type { BaseSchemas } from './base.js';
import type { LifecycleSchemas } from './lifecycle.js';
import type { MetaSchemas } from './meta.js';
import type { SamplingSchemas } from './sampling.js';
import type { ElicitationSchemas } from './elicitation.js';
import type { RootSchemas } from './roots.js';

/** Defines the stateless-protocol schemas for a profile. */
export function defineStatelessSchemas(
  p: SchemaProfile,
  base: BaseSchemas,
  lifecycle: LifecycleSchemas,
  meta: MetaSchemas,
  sampling: SamplingSchemas,
  elicitation: ElicitationSchemas,
  roots: RootSchemas,
) {
  const { resultFields, cacheFields, requestMetaField, ResultMeta } = meta;
  /** The `server/discover` result: "supportedVersions, capabilities, instructions"; server info rides in `_meta`. */
  const DiscoverResult = z.looseObject({
    ...resultFields,
    ...cacheFields,
    supportedVersions: z.array(z.string()),
    capabilities: lifecycle.ServerCapabilities,
    instructions: z.string().optional(),
  });
  /** A request the server needs the client to fulfil before it can complete: sampling, roots or elicitation. */
  const InputRequest = z.discriminatedUnion('method', [
    z.looseObject({ method: z.literal('sampling/createMessage'), params: sampling.CreateMessageRequestParams }),
    z.looseObject({ method: z.literal('roots/list'), params: z.looseObject({ _meta: base.Meta.optional() }).optional() }),
    z.looseObject({ method: z.literal('elicitation/create'), params: elicitation.ElicitRequestParams }),
  ]);
  /** "A map of server-initiated requests that the client must fulfill", by server-assigned key. */
  const InputRequests = z.record(z.string(), InputRequest);
  /** The client's answer to one input request. */
  const InputResponse = z.union([sampling.CreateMessageResult, roots.ListRootsResult, elicitation.ElicitResult]);
  /** The client's answers, keyed as the server's `inputRequests` were. */
  const InputResponses = z.record(z.string(), InputResponse);
  /** "At least one of `inputRequests` or `requestState` MUST be present." */
  const InputRequiredResult = z
    .looseObject({
      _meta: ResultMeta.optional(),
      resultType: z.literal('input_required'),
      inputRequests: InputRequests.optional(),
      requestState: z.string().optional(),
    })
    .refine((result) => result.inputRequests !== undefined || result.requestState !== undefined, {
      message: 'Expected at least one of inputRequests or requestState ("At least one … MUST be present")',
    });
  /** The fields a client adds when it retries a request that needed input. */
  const retryFields = { inputResponses: InputResponses.optional(), requestState: z.string().optional() };
  /** The `data` of an `UnsupportedProtocolVersion` error (-32022). */
  const UnsupportedProtocolVersionErrorData = z.looseObject({ supported: z.array(z.string()), requested: z.string() });
  /** The `data` of a `MissingRequiredClientCapability` error (-32021). */
  const MissingRequiredClientCapabilityErrorData = z.looseObject({ requiredCapabilities: lifecycle.ClientCapabilities });
  /** Which notifications a `subscriptions/listen` stream carries. */
  const SubscriptionFilter = z.looseObject({
    toolsListChanged: z.boolean().optional(),
    promptsListChanged: z.boolean().optional(),
    resourcesListChanged: z.boolean().optional(),
    resourceSubscriptions: z.array(z.string()).optional(),
  });
  /** `subscriptions/listen` params. */
  const SubscriptionsListenRequestParams = z.looseObject({ ...requestMetaField, notifications: SubscriptionFilter });
  /** The `subscriptions/listen` result, sent when the stream ends: its `_meta` names the subscription. */
  const SubscriptionsListenResult = z.looseObject({
    ...resultFields,
    _meta: withMetaKeyRule(
      p,
      z.looseObject({
        'io.modelcontextprotocol/serverInfo': lifecycle.Implementation.optional(),
        'io.modelcontextprotocol/subscriptionId': z.union([z.string(), integer()]),
      }),
    ),
  });
  /** The params of a request that has only `_meta` (`server/discover`). */
  const RequestParams = z.looseObject(requestMetaField);
  return {
    DiscoverResult,
    InputRequest,
    InputRequests,
    InputResponse,
    InputResponses,
    InputRequiredResult,
    retryFields,
    UnsupportedProtocolVersionErrorData,
    MissingRequiredClientCapabilityErrorData,
    SubscriptionFilter,
    SubscriptionsListenRequestParams,
    SubscriptionsListenResult,
    RequestParams,
    cacheFields,
  };
}

/** The stateless-protocol schemas of one profile. */
export type StatelessSchemas = ReturnType<typeof defineStatelessSchemas>;
