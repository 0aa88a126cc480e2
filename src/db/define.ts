import type { Connection, InferSchemaType, Model, Schema } from 'mongoose';

/**
 * Every model is declared once with `defineModel` and bound to a connection when used. Binding per
 * connection (instead of mongoose's global default) lets one process hold several service
 * instances, which the multi-copy tests and fault drills rely on.
 *
 * Indexes are created explicitly at start-up (`initAllModels`) and awaited, because a failed index
 * build would otherwise be silent and uniqueness, which our correctness rests on, would be missing.
 */
const registry = new Map<string, Schema>();

export function defineModel<TSchema extends Schema>(name: string, schema: TSchema) {
  if (registry.has(name)) throw new Error(`model ${name} defined twice`);
  registry.set(name, schema);
  return (conn: Connection) =>
    (conn.models[name] ?? conn.model(name, schema)) as Model<InferSchemaType<TSchema>>;
}

export async function initAllModels(conn: Connection): Promise<void> {
  for (const [name, schema] of registry) {
    const model = conn.models[name] ?? conn.model(name, schema);
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}
