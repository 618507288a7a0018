/** An error in a template or an output expression, with the position it points at (0-based). */
import { AppError } from '../api/appError';

export class ExpressionError extends AppError {
  readonly position: number;

  constructor(message: string, position: number, field?: string) {
    super('invalid_input', message, field);
    this.name = 'ExpressionError';
    this.position = position;
  }
}
