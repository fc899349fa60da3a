/** The page and its styles shared by every PDF: A4, the colours, margins, text styles, table columns and notice tones. */
import { rgb, type RGB } from 'pdf-lib';
import type { Face } from './fonts.js';

export const A4: [number, number] = [595.28, 841.89];

export const COLORS = {
  text: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.38, 0.38, 0.42),
  rule: rgb(0.75, 0.75, 0.78),
  headerFill: rgb(0.9, 0.91, 0.93),
  alert: rgb(0.68, 0.08, 0.08),
  alertFill: rgb(0.99, 0.93, 0.92),
  warning: rgb(0.55, 0.38, 0.0),
  warningFill: rgb(1, 0.96, 0.85),
  info: rgb(0.1, 0.3, 0.55),
  infoFill: rgb(0.92, 0.95, 0.99),
};

export interface Margins {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface TextStyle {
  face?: Face;
  size?: number;
  color?: RGB;
}

export interface Column {
  header: string;
  /** Relative width; the table fills the content width. */
  weight: number;
  face?: Face;
}

export type Tone = 'alert' | 'warning' | 'info';
