// Lints standard input as if it were the file named in argv[2], with the project's real ESLint configuration, and
// prints ESLint's JSON result. A separate process because jest's VM cannot import ESLint's ESM config loader.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const [, , filePath] = process.argv;
let text = '';
for await (const chunk of process.stdin) text += chunk;
// Type information is not needed here, and the linted text is not part of the TypeScript project.
const eslint = new ESLint({ overrideConfig: [tseslint.configs.disableTypeChecked] });
const results = await eslint.lintText(text, { filePath });
process.stdout.write(JSON.stringify(results));
