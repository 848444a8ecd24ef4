import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig, ENVIRONMENT_KEYS } from './app-config.js';

/**
 * Validates the environment once at boot (a bad value stops the app with a message naming the
 * variable) and provides the typed AppConfig everything else injects.
 */
const validatedEnvironment = NestConfigModule.forRoot({
  ignoreEnvFile: true,
  validate: (env) => {
    AppConfig.fromEnvironment(env as Record<string, string | undefined>);
    return env;
  },
});
// forRoot is async: its rejection would count as unhandled before Nest awaits this same
// promise during boot. Observing it here lets the error reach bootstrap's readable message.
validatedEnvironment.catch(() => undefined);

@Global()
@Module({
  imports: [validatedEnvironment],
  providers: [
    {
      provide: AppConfig,
      inject: [ConfigService],
      useFactory: (env: ConfigService) =>
        AppConfig.fromEnvironment(
          Object.fromEntries(ENVIRONMENT_KEYS.map((key) => [key, env.get<string>(key)])),
        ),
    },
  ],
  exports: [AppConfig],
})
export class ConfigModule {}
