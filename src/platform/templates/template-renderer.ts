import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import {
  DEFAULT_LANGUAGE,
  isLanguage,
  type Language,
  type Translate,
} from '../../common/language.js';
import { TemplateErrorCode, TemplateException } from './template.exception.js';

type Template = Handlebars.TemplateDelegate;
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/**
 * Every template and partial compiled, as the build saves them: compiling them is a good part
 * of a start-up, and the sources do not change between builds.
 */
export interface PrecompiledTemplates {
  /** The sources, the compiler's version and its options they were made from (templateSetKey). */
  key: string;
  /** The compiler's output by template name ('pdf/hr-case-file', 'partial:layout'). */
  specs: Record<string, string>;
}

const PARTIAL = 'partial:';

const TEMPLATE_DIRS = ['pdf', 'web'] as const;
const PARTIAL_DIRS = ['partials', 'pdf/partials'] as const;
const NAME_PATTERN = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;
const RENDER_NAME_PATTERN = /^(?:pdf|web)\/[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;

const HELPERS = ['formatLondon', 'eq', 'join', 't'] as const;

const COMPILE_OPTIONS: CompileOptions = {
  // A misspelt field throws instead of silently leaving a gap in a legal document.
  strict: true,
  // An unknown helper fails at boot rather than falling through to context lookups.
  knownHelpersOnly: true,
  // `log` would write document data to stdout.
  knownHelpers: { ...Object.fromEntries(HELPERS.map((name) => [name, true])), log: false },
  noEscape: false,
};

const RUNTIME_OPTIONS: Handlebars.RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
  allowCallsToHelperMissing: false,
};

const MONTHS: Record<Language, readonly string[]> = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  // The short month names Welsh public bodies print (Ion, Chwef, ...).
  cy: ['Ion', 'Chwef', 'Maw', 'Ebr', 'Mai', 'Meh', 'Gorff', 'Awst', 'Medi', 'Hyd', 'Tach', 'Rhag'],
};
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * "21 Nov 2026, 09:30" in UK local time (GMT/BST), or "21 Nov 2026" with format="date";
 * "21 Tach 2026" in Welsh. Month names are fixed because ICU versions disagree ("Sep" vs "Sept").
 */
export function formatLondon(
  value: Date | string | number,
  format: 'datetime' | 'date',
  lang: Language = DEFAULT_LANGUAGE,
): string {
  const date = value instanceof Date ? value : new Date(value);
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new TypeError('formatLondon: not a date');
  const minute = Math.floor(ms / 60_000);
  let formatted = londonByMinute.get(minute);
  if (formatted === undefined) {
    formatted = londonParts(date);
    // A page repeats the same few minutes (list rows, timelines, a re-rendered case), and ICU's
    // formatToParts is the dearest call on a list page; a bounded memo keeps memory flat.
    if (londonByMinute.size >= LONDON_MEMO_SIZE) londonByMinute.clear();
    londonByMinute.set(minute, formatted);
  }
  const day = `${formatted.day} ${MONTHS[lang][formatted.month]} ${formatted.year}`;
  return format === 'date' ? day : `${day}, ${formatted.time}`;
}

const LONDON_MEMO_SIZE = 10_000;
interface LondonParts {
  day: number;
  /** 0-11 */
  month: number;
  year: string;
  time: string;
}
const londonByMinute = new Map<number, LondonParts>();

/** One formatToParts call per minute formatted, read in a single pass. */
function londonParts(date: Date): LondonParts {
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of LONDON.formatToParts(date)) p[type] = value;
  return {
    day: Number(p.day),
    month: Number(p.month) - 1,
    year: p.year ?? '',
    time: `${p.hour}:${p.minute}`,
  };
}

/** A page's model says its language in `page.lang`; a PDF's or a mail's in `lang`. */
function languageOfModel(options: Handlebars.HelperOptions): Language {
  const root = (options.data as { root?: { page?: { lang?: unknown }; lang?: unknown } }).root;
  const wanted = root?.page?.lang ?? root?.lang;
  return isLanguage(wanted) ? wanted : DEFAULT_LANGUAGE;
}

function untranslated(key: string): string {
  throw new TypeError(`no translations were given for ${key}`);
}

/**
 * Compiles every template once at boot (or takes the build's compiled copy of exactly these
 * files), from files under the templates root only; render() never compiles anything, so user
 * data can only ever be a value, escaped on output.
 */
@Injectable()
export class TemplateRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<string, Template>();
  private readonly root: string;
  private readonly compiled: PrecompiledTemplates;

  /**
   * `translate` gives `{{t "key"}}` its words, in the language of the model's `page.lang` (a
   * page) or `lang` (a PDF or mail); templates that use no `t` need none.
   */
  constructor(
    templatesRoot: string,
    private readonly translate: Translate = untranslated,
    precompiled?: PrecompiledTemplates,
  ) {
    if (!isAbsolute(templatesRoot)) {
      throw new TemplateException(
        TemplateErrorCode.TemplateInvalid,
        'Templates root must be absolute',
      );
    }
    this.root = realpathSync(templatesRoot);
    this.registerHelpers();
    const partialSources = new Map<string, string>();
    for (const dir of PARTIAL_DIRS) {
      for (const [name, source] of this.readTemplates(dir, [])) {
        if (partialSources.has(name)) {
          throw this.invalid(`partial "${name}" is defined twice`);
        }
        partialSources.set(name, source);
      }
    }
    const templateSources = TEMPLATE_DIRS.flatMap((dir) =>
      this.readTemplates(dir, ['pdf/partials']).map(([name, source]): [string, string] => [
        `${dir}/${name}`,
        source,
      ]),
    );
    const key = templateSetKey([
      ...[...partialSources].map(([name, source]): [string, string] => [
        `${PARTIAL}${name}`,
        source,
      ]),
      ...templateSources,
    ]);
    // Specs made from exactly these files by this compiler are used as they are; anything else
    // (a template edited since the build, another Handlebars) is compiled and checked here.
    const ready = precompiled?.key === key ? precompiled.specs : {};
    const specs: Record<string, string> = {};
    for (const [name, source] of partialSources) {
      const spec = (specs[`${PARTIAL}${name}`] =
        ready[`${PARTIAL}${name}`] ?? this.compile(`partial ${name}`, source, partialSources));
      this.handlebars.registerPartial(name, this.handlebars.template(templateSpecOf(spec)));
    }
    for (const [name, source] of templateSources) {
      const spec = (specs[name] = ready[name] ?? this.compile(name, source, partialSources));
      this.templates.set(name, this.handlebars.template(templateSpecOf(spec)));
    }
    this.compiled = { key, specs };
  }

  /** What the build saves (dist/templates.precompiled.json) for the next start to reuse. */
  precompiled(): PrecompiledTemplates {
    return this.compiled;
  }

  /** Template names such as 'pdf/hr-case-file', sorted. */
  get names(): string[] {
    return [...this.templates.keys()].sort();
  }

  render(name: string, context: object): string {
    if (!RENDER_NAME_PATTERN.test(name)) {
      throw new TemplateException(TemplateErrorCode.TemplateNotFound, 'Template name rejected');
    }
    const template = this.templates.get(name);
    if (!template) {
      throw new TemplateException(TemplateErrorCode.TemplateNotFound, `No template ${name}`);
    }
    try {
      return template(context, RUNTIME_OPTIONS);
    } catch (error) {
      throw this.renderFailed(name, error);
    }
  }

  private registerHelpers(): void {
    this.handlebars.registerHelper('formatLondon', (...args: unknown[]) => {
      const options = args.pop() as Handlebars.HelperOptions;
      if (args.length !== 1) throw new TypeError('formatLondon takes one value');
      const value = args[0];
      if (value === null || value === undefined) return '';
      const format = options.hash.format === 'date' ? 'date' : 'datetime';
      return formatLondon(value as Date | string | number, format, languageOfModel(options));
    });
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.handlebars.registerHelper('t', (...args: unknown[]) => {
      const options = args.pop() as Handlebars.HelperOptions;
      const [key] = args;
      if (args.length !== 1 || typeof key !== 'string') throw new TypeError('t takes one key');
      // Plain string, never SafeString: the caller's {{ }} escapes the words and the values.
      return this.translate(key, languageOfModel(options), options.hash);
    });
    this.handlebars.registerHelper('join', (...args: unknown[]) => {
      args.pop();
      const [list, separator] = args;
      if (list === null || list === undefined) return '';
      if (!Array.isArray(list)) throw new TypeError('join takes a list');
      // Plain string, never SafeString: the caller's {{ }} escapes the result.
      return list.map(String).join(typeof separator === 'string' ? separator : ', ');
    });
  }

  /** [name without .hbs, source] for each template under dir, skipping excluded subfolders. */
  private readTemplates(dir: string, exclude: readonly string[]): Array<[string, string]> {
    const base = join(this.root, dir);
    if (!isDirectory(base)) return [];
    const found: Array<[string, string]> = [];
    for (const entry of readdirSync(base, { recursive: true, encoding: 'utf8' }).sort()) {
      if (!entry.endsWith('.hbs')) continue;
      const path = join(base, entry);
      const relativeToRoot = relative(this.root, path).split(sep).join('/');
      if (exclude.some((skip) => relativeToRoot.startsWith(`${skip}/`))) continue;
      if (!statSync(path).isFile()) continue;
      // A symlink must not pull a file from outside the root into the compiler.
      const real = realpathSync(path);
      if (!real.startsWith(this.root + sep))
        throw this.invalid(`${relativeToRoot} leaves the root`);
      const name = entry.slice(0, -'.hbs'.length).split(sep).join('/');
      if (!NAME_PATTERN.test(name)) throw this.invalid(`${relativeToRoot} has an unusable name`);
      found.push([name, readFileSync(real, 'utf8')]);
    }
    return found;
  }

  /** The checked source's compiled form (a template spec's JavaScript). */
  private compile(label: string, source: string, partials: ReadonlyMap<string, string>): string {
    let ast: hbs.AST.Program;
    try {
      ast = this.handlebars.parseWithoutProcessing(source);
    } catch (error) {
      throw this.invalid(`${label}: ${(error as Error).message.split('\n')[0]}`);
    }
    const problem = findUnsafeConstruct(ast, partials);
    if (problem) throw this.invalid(`${label}: ${problem}`);
    try {
      // The whole compiler runs now, from the one parse: an unknown helper fails at boot, and
      // the first render finds its template ready. (Handlebars.compile would parse the source
      // again and compile it at the first render.)
      return this.handlebars.precompile(ast, COMPILE_OPTIONS) as string;
    } catch (error) {
      throw this.invalid(`${label}: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  private invalid(detail: string): TemplateException {
    return new TemplateException(TemplateErrorCode.TemplateInvalid, `Template ${detail}`);
  }

  // Handlebars errors can quote the value being looked into (user text); keep only the field.
  private renderFailed(name: string, error: unknown): TemplateException {
    const message = error instanceof Error ? error.message : '';
    const missing = /^"([\w$-]+)" not defined in .* - (\d+:\d+)$/s.exec(message);
    const detail = missing ? `: missing field "${missing[1]}" at ${missing[2]}` : '';
    return new TemplateException(
      TemplateErrorCode.TemplateRenderFailed,
      `Template ${name} failed${detail}`,
    );
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

type AnyNode = hbs.AST.Node & Record<string, unknown>;

/**
 * Rejects the constructs that could put raw or data-chosen markup into a document: unescaped
 * output ({{{x}}}, {{& x}}), partials chosen at runtime, and partials that do not exist.
 * Layouts use partial blocks ({{#> layout}} ... {{> @partial-block}}) instead of {{{body}}}.
 */
function findUnsafeConstruct(
  ast: hbs.AST.Program,
  partials: ReadonlyMap<string, string>,
): string | undefined {
  const inline = new Set<string>();
  const partialNames: string[] = [];
  let problem: string | undefined;
  const visit = (node: AnyNode | undefined | null): void => {
    if (!node || problem) return;
    switch (node.type) {
      case 'MustacheStatement':
        if ((node as unknown as hbs.AST.MustacheStatement).escaped === false) {
          problem = `unescaped output at line ${node.loc.start.line}`;
          return;
        }
        break;
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const name = (node as unknown as hbs.AST.PartialStatement).name;
        if (name.type !== 'PathExpression') {
          problem = `dynamic partial at line ${node.loc.start.line}`;
          return;
        }
        partialNames.push((name as hbs.AST.PathExpression).original);
        break;
      }
      case 'DecoratorBlock': {
        const block = node as unknown as hbs.AST.DecoratorBlock;
        const [first] = block.params;
        if (first?.type === 'StringLiteral') inline.add((first as hbs.AST.StringLiteral).value);
        break;
      }
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach((child) => isNode(child) && visit(child));
      else if (isNode(value)) visit(value);
    }
  };
  visit(ast as unknown as AnyNode);
  if (problem) return problem;
  const unknown = partialNames.find(
    (name) => name !== '@partial-block' && !partials.has(name) && !inline.has(name),
  );
  return unknown ? `unknown partial "${unknown}"` : undefined;
}

/** Changes with any template's name or source, the Handlebars version or the compile options. */
function templateSetKey(sources: ReadonlyArray<readonly [string, string]>): string {
  const hash = createHash('sha256').update(
    `${Handlebars.VERSION}\0${JSON.stringify(COMPILE_OPTIONS)}`,
  );
  for (const [name, source] of sources) hash.update(`\0${name}\0${source}`);
  return hash.digest('hex');
}

/**
 * The object a precompiled template's source describes. The source is the Handlebars compiler's
 * own output for a file under the templates root, never anything from a request; evaluating it
 * is what Handlebars.compile does itself.
 */
function templateSpecOf(spec: string): TemplateSpecification {
  return new Function(`return ${spec};`)() as TemplateSpecification;
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as AnyNode).type === 'string';
}
