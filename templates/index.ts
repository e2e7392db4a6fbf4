import type { Catalogs } from '../domain/templates/render';
import { en } from './en';
import { zhCN } from './zh-CN';

/** Every locale notify speaks. The customer's locale falls back to zh-CN, then en (temporal.yaml policy.localeFallback). */
export const CATALOGS: Catalogs = { 'zh-CN': zhCN, en };
