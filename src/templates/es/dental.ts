import type { SpanishTemplate } from './types.ts';

export const dentalEs: SpanishTemplate = {
  greeting: 'Gracias por llamar a {business}, le atiende la recepcionista virtual. ¿En qué le puedo ayudar?',
  asrKeywords: ['limpieza', 'empaste', 'blanqueamiento', 'muela', 'higienista'],
  services: {
    Cleaning: {
      name: 'Limpieza',
      keywords: ['limpieza', 'limpieza dental', 'limpiar los dientes', 'higiene', 'higienista', 'chequeo', 'revisión'],
    },
    Exam: {
      name: 'Examen',
      keywords: ['examen', 'revisar', 'que me revisen', 'radiografía', 'radiografías', 'rayos x', 'valoración'],
    },
    Filling: {
      name: 'Empaste',
      keywords: ['empaste', 'relleno', 'resina', 'amalgama', 'caries', 'picadura', 'muela picada'],
    },
    Whitening: {
      name: 'Blanqueamiento',
      keywords: ['blanqueamiento', 'blanquear', 'blanquearme', 'dientes blancos', 'aclarado'],
    },
    'Emergency Visit': {
      name: 'Visita de urgencia',
      keywords: [
        'dolor de muela',
        'dolor de muelas',
        'dolor',
        'me duele',
        'duele',
        'diente roto',
        'muela rota',
        'se me rompió',
        'se me quebró',
        'astillado',
        'hinchado',
        'hinchada',
        'hinchazón',
      ],
    },
  },
  faq: {
    'Do you take my insurance?': {
      question: '¿Aceptan mi seguro?',
      answer: 'Aceptamos la mayoría de los seguros dentales, como Delta Dental, Cigna, Aetna y MetLife.',
      keywords: ['seguro', 'aseguranza', 'aseguranzas', 'delta', 'cigna', 'aetna', 'metlife', 'medicaid', 'cobertura'],
    },
    'Are you taking new patients?': {
      question: '¿Aceptan pacientes nuevos?',
      answer: 'Sí, con gusto recibimos pacientes nuevos.',
      keywords: ['pacientes nuevos', 'paciente nuevo', 'paciente nueva', 'nuevos pacientes'],
    },
    'Is there parking?': {
      question: '¿Hay estacionamiento?',
      answer: 'Sí, hay estacionamiento gratis justo detrás del edificio.',
      keywords: ['estacionamiento', 'estacionar', 'parqueo', 'parquear', 'aparcamiento'],
    },
  },
};
