import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { OpenApiDocument, Schema } from './pluginSpecs';

/**
 * Strings tried, in order, for a string schema with a `pattern`: the first
 * that matches (and fits the length bounds) is the valid example. They
 * cover the shapes the portal's ids take; a pattern none of them matches
 * falls back to a plain string, and the cases built on it are then bad
 * input twice over, which the suite still must answer with a 4xx.
 */
const PATTERN_CANDIDATES = [
  'acme',
  'security-suite',
  'securitysuite',
  'a',
  'abc123',
  'user:default/security-suite',
  'group:default/team-apps',
  'apps.app.read',
  'apps.*',
  'audit:write',
  'security-suite@acme.example',
  '00000000-0000-4000-8000-000000000000',
  '2026-01-01T00:00:00.000Z',
  '2026-01-01',
  '/api/audit/*',
  'https://idp.acme.example',
  'acme.example',
  '7d',
  '30d',
  'Security Suite',
  'ABC',
  '1',
];

/**
 * Valid example values and a validator for the schemas of one OpenAPI
 * document (`$ref`s into its `components`).
 */
export class SchemaValues {
  private readonly ajv: Ajv;
  private readonly validators = new Map<Schema, (value: unknown) => boolean>();

  constructor(private readonly document: OpenApiDocument) {
    // OpenAPI keywords (example, nullable, x-...) are not JSON schema ones.
    this.ajv = new Ajv({
      strict: false,
      allErrors: false,
      validateFormats: true,
    });
    addFormats(this.ajv);
  }

  /** The schema with `$ref`s at its top resolved. */
  resolve(schema: Schema | undefined): Schema {
    let current = schema ?? {};
    for (let hops = 0; current.$ref && hops < 20; hops++) {
      const name = String(current.$ref).replace('#/components/schemas/', '');
      current = (this.document.components?.schemas?.[name] ?? {}) as Schema;
    }
    if (Array.isArray(current.allOf) && current.allOf.length === 1) {
      return {
        ...this.resolve(current.allOf[0]),
        ...current,
        allOf: undefined,
      };
    }
    return current;
  }

  /** Whether `value` satisfies `schema` (formats included). */
  isValid(schema: Schema, value: unknown): boolean {
    let validate = this.validators.get(schema);
    if (!validate) {
      const compiled = this.ajv.compile({
        ...schema,
        components: this.document.components,
      });
      validate = (v: unknown) => compiled(v) as boolean;
      this.validators.set(schema, validate);
    }
    return validate(value);
  }

  /** A value `schema` accepts, as small as the schema allows. */
  example(schema: Schema | undefined, depth = 0): unknown {
    const resolved = this.resolve(schema);
    if (depth > 8) return {};
    for (const candidate of [resolved.example, resolved.default]) {
      if (candidate !== undefined && this.isValid(resolved, candidate)) {
        return candidate;
      }
    }
    if (Array.isArray(resolved.enum)) return resolved.enum[0];
    const alternatives = resolved.oneOf ?? resolved.anyOf;
    if (Array.isArray(alternatives)) {
      return this.example(alternatives[0], depth + 1);
    }
    if (Array.isArray(resolved.allOf)) {
      return Object.assign(
        {},
        ...resolved.allOf.map((part: Schema) => this.example(part, depth + 1)),
      );
    }
    switch (resolved.type ?? (resolved.properties ? 'object' : undefined)) {
      case 'object': {
        const value: Record<string, unknown> = {};
        const names: string[] = [...(resolved.required ?? [])];
        // A patch needs at least one property: take the first optional ones.
        for (const name of Object.keys(resolved.properties ?? {})) {
          if (names.length >= (resolved.minProperties ?? 0)) break;
          if (!names.includes(name)) names.push(name);
        }
        for (const name of names) {
          value[name] = this.example(resolved.properties?.[name], depth + 1);
        }
        return value;
      }
      case 'array': {
        const count = Math.max(1, resolved.minItems ?? 1);
        return Array.from({ length: count }, (_, index) => {
          const item = this.example(resolved.items, depth + 1);
          // Unique items: vary strings and numbers.
          if (typeof item === 'string' && index > 0) return `${item}${index}`;
          if (typeof item === 'number' && index > 0) return item + index;
          return item;
        });
      }
      case 'integer':
      case 'number':
        return Math.max(
          resolved.minimum ?? 1,
          Math.min(1, resolved.maximum ?? 1),
        );
      case 'boolean':
        return true;
      case 'string':
        return this.stringExample(resolved);
      default:
        return {};
    }
  }

  private stringExample(schema: Schema): string {
    const byFormat: Record<string, string> = {
      'date-time': new Date().toISOString(),
      date: '2026-01-01',
      email: 'security-suite@acme.example',
      uri: 'https://idp.acme.example',
      url: 'https://idp.acme.example',
      uuid: '00000000-0000-4000-8000-000000000000',
    };
    const fits = (value: string) => this.isValid(schema, value);
    const candidates = [
      ...(schema.format && byFormat[schema.format]
        ? [byFormat[schema.format]]
        : []),
      ...PATTERN_CANDIDATES,
    ];
    const found = candidates.find(fits);
    if (found) return found;
    const padded = 'a'.repeat(Math.max(1, schema.minLength ?? 1));
    return padded;
  }
}
