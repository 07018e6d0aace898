/**
 * Every MCP message schema of one profile, built in dependency order.
 */
import { defineBaseSchemas } from './base.js';
import { defineLifecycleSchemas } from './lifecycle.js';
import { defineMetaSchemas } from './meta.js';
import { defineResourceSchemas } from './resources.js';
import { defineContentSchemas } from './content.js';
import { defineToolSchemas } from './tools.js';
import { definePromptSchemas } from './prompts.js';
import { defineSamplingSchemas } from './sampling.js';
import { defineElicitationSchemas } from './elicitation.js';
import { defineRootSchemas } from './roots.js';
import { defineStatelessSchemas } from './stateless.js';
import { defineRequestSchemas } from './requests.js';
import { defineNotificationSchemas } from './notifications.js';
import { defineTaskSchemas } from './tasks.js';
import type { SchemaProfile } from './profile.js';

/** Defines every message schema for a profile (the loose one, or one version's strict one). */
export function defineSchemas(p: SchemaProfile) {
  const base = defineBaseSchemas(p);
  const lifecycle = defineLifecycleSchemas(p, base);
  const meta = defineMetaSchemas(p, base, lifecycle);
  const resources = defineResourceSchemas(p, base, meta);
  const content = defineContentSchemas(p, base, resources);
  const tools = defineToolSchemas(p, base, meta, content);
  const prompts = definePromptSchemas(base, meta, content);
  const sampling = defineSamplingSchemas(p, base, content, tools);
  const elicitation = defineElicitationSchemas(p, base);
  const roots = defineRootSchemas(p, base);
  const stateless = defineStatelessSchemas(p, base, lifecycle, meta, sampling, elicitation, roots);
  const requests = defineRequestSchemas(p, base, meta, stateless);
  const notifications = defineNotificationSchemas(p, base, meta, stateless);
  const tasks = defineTaskSchemas(base, meta);
  return {
    ...base,
    ...lifecycle,
    ...meta,
    ...resources,
    ...content,
    ...tools,
    ...prompts,
    ...sampling,
    ...elicitation,
    ...roots,
    ...stateless,
    ...requests,
    ...notifications,
    ...tasks,
  };
}

/** Every message schema of one profile. */
export type MessageSchemas = ReturnType<typeof defineSchemas>;
