/** Errors of feedback (module FBK). */
export const FEEDBACK_ERRORS = {
  FEEDBACK_PROMPT_REQUIRED: {
    serverCode: 400,
    code: 'PRST-FBK-ERR-00001',
    message: 'Prompt Reference Required',
  },
  FEEDBACK_TASK_NOT_FOUND: { serverCode: 400, code: 'PRST-FBK-ERR-00002', message: 'Task Not Found' },
  FEEDBACK_TASK_MISMATCH: { serverCode: 400, code: 'PRST-FBK-ERR-00003', message: 'Task Mismatch' },
  FEEDBACK_EMPTY: { serverCode: 400, code: 'PRST-FBK-ERR-00004', message: 'Empty Feedback' },
  FEEDBACK_SUMMARY_TARGET: { serverCode: 400, code: 'PRST-FBK-ERR-00005', message: 'Summary Target Required' },
} as const;
