// Lint: typescript-eslint's type-checked rules, and no focused tests (`.only` would skip the rest).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Example and fixture programs are Pulumi projects of their own, type-checked with their own tsconfig.
  {
    ignores: [
      "dist/",
      "node_modules/",
      "**/node_modules/",
      "eslint.config.mjs",
      "examples/",
      "test/fixtures/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.object.name=/^(describe|it|test|suite)$/][callee.property.name='only']",
          message: "A focused test (.only) would keep the rest of the suite from running.",
        },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Provider methods are async to meet Pulumi's ResourceProvider interface, awaiting or not.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["describe", "it", "test", "suite"] },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.mjs", "**/*.cjs", "provider/*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false },
      globals: { process: "readonly", console: "readonly", performance: "readonly" },
    },
  },
  {
    files: ["**/*.cjs", "provider/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
