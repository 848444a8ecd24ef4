import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { checkProcessEnvironment } from '../config/app-config.js';

const HELP = `Usage: npm run cli -- <command> [options]

Commands:
  create-school  --code OAK --name "Oak Primary School" [--nation wales]
                 Creates a school (in England unless --nation wales) with the model catalogue.
  create-user    --email a@b.example --name "Full Name" --school OAK --role headteacher
                 Creates a person with one role; the password is read from standard input.
  grant          --email a@b.example --school ELM --role hr
                 Gives an existing person a role in a school.
  reset-password --email a@b.example
                 Sets a new password (read from standard input) and ends their sessions.
  audit-anchor   Prints the audit chain head {seq, hash}; keep it outside this system.
  migrate        Applies pending database migrations and exits.
  backup <dir>   Writes a snapshot of the database and the evidence store into <dir>, which
                 must be new or empty, while the app keeps running. Same as: npm run backup -- <dir>
  restore <dir> [--force]
                 Restores a snapshot into DATA_DIR (and DATABASE_URL) with the app stopped, after
                 checking every file's SHA-256. Refuses if data is already there; --force moves
                 it aside to DATA_DIR/pre-restore-<timestamp>. Same as: npm run restore -- <dir>

Roles: staff, headteacher, dsl, chair_of_governors, governor, hr, admin.
Passwords are never taken from the command line, where they would land in shell history:\ntyped at a terminal they are not shown; otherwise the first line of standard input is read.
Example: printf '%s\\n' "$NEW_PASSWORD" | npm run cli -- reset-password --email head@oak.example
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  if (command === 'backup' || command === 'restore') return runOperation(command, rest);
  const { values } = parseArgs({
    args: rest,
    options: {
      code: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      school: { type: 'string' },
      role: { type: 'string' },
      nation: { type: 'string' },
    },
    strict: true,
  });
  checkProcessEnvironment();
  const { CliModule } = await import('./cli.module.js');
  const { AdminCommands, CliError } = await import('./admin-commands.js');
  const app = await NestFactory.createApplicationContext(CliModule, {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  try {
    const commands = app.get(AdminCommands);
    const need = (key: keyof typeof values) => {
      const value = values[key];
      if (!value) throw new CliError(`--${key} is required for ${command}`);
      return value;
    };
    let output: string;
    switch (command) {
      case 'create-school':
        output = await commands.createSchool(need('code'), need('name'), values.nation);
        break;
      case 'create-user':
        output = await commands.createUser(
          need('email'),
          need('name'),
          need('school'),
          need('role'),
          await readPassword(),
        );
        break;
      case 'grant':
        output = await commands.grant(need('email'), need('school'), need('role'));
        break;
      case 'reset-password':
        output = await commands.resetPassword(need('email'), await readPassword());
        break;
      case 'audit-anchor':
        output = await commands.auditAnchor();
        break;
      case 'migrate':
        output = 'Migrations are up to date';
        break;
      default:
        throw new CliError(`Unknown command "${command}". Run with --help.`);
    }
    console.log(output);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`Error: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

/**
 * Backup and restore run without the app's database module: a backup reads the live database
 * its own way, and a restore must not open (and migrate) the database it is about to replace.
 */
async function runOperation(command: 'backup' | 'restore', args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { force: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || (command === 'backup' && values.force)) {
    console.error(`Usage: npm run ${command} -- <dir>${command === 'restore' ? ' [--force]' : ''}`);
    return 2;
  }
  checkProcessEnvironment();
  const { OperationsModule } = await import('../operations/operations.module.js');
  const { BackupService, describeBackup } = await import('../operations/backup.service.js');
  const { RestoreService, describeRestore } = await import('../operations/restore.service.js');
  const { OperationError } = await import('../operations/operation.error.js');
  const app = await NestFactory.createApplicationContext(OperationsModule, {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  try {
    const [dir] = positionals;
    console.log(
      command === 'backup'
        ? describeBackup(await app.get(BackupService).backup(dir))
        : describeRestore(await app.get(RestoreService).restore(dir, { force: values.force })),
    );
    return 0;
  } catch (error) {
    if (error instanceof OperationError) {
      console.error(`Error: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

/**
 * The password: typed at a terminal without being echoed (npm's `read`, silent), or the first
 * line of piped standard input. It never appears in argv or the environment.
 */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const { read } = await import('read');
    return read({ prompt: 'Password (not shown): ', silent: true, output: process.stderr });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof Error && error.name === 'ConfigurationError' ? error.message : error,
    );
    process.exit(1);
  },
);
