// Kept under scripts/ so the top level holds only what the layout names; paths resolve from the repo root.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['test/**', 'scripts/**', 'src/cli/**'],
    rules: { 'no-console': 'off' },
  },
);
