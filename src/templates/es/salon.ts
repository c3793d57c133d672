import type { SpanishTemplate } from './types.ts';

export const salonEs: SpanishTemplate = {
  greeting: 'Gracias por llamar a {business}, le atiende la recepcionista virtual. ¿En qué le puedo ayudar?',
  asrKeywords: ['corte', 'tinte', 'mechas', 'balayage', 'manicura', 'uñas'],
  services: {
    Haircut: {
      name: 'Corte de pelo',
      keywords: [
        'corte',
        'corte de pelo',
        'corte de cabello',
        'cortarme el pelo',
        'cortarme el cabello',
        'recorte',
        'despuntar',
        'fleco',
        'flequillo',
      ],
    },
    Color: {
      name: 'Color',
      keywords: [
        'color',
        'tinte',
        'teñir',
        'teñirme',
        'pintarme el pelo',
        'pintarme el cabello',
        'raíces',
        'raices',
        'canas',
      ],
    },
    Highlights: { name: 'Mechas', keywords: ['mechas', 'rayitos', 'luces', 'reflejos', 'balayage', 'iluminaciones'] },
    Blowout: {
      name: 'Secado y peinado',
      keywords: ['secado', 'brushing', 'blowout', 'peinado', 'peinar', 'peinarme', 'alaciado', 'planchado', 'recogido'],
    },
    Manicure: {
      name: 'Manicura',
      keywords: ['manicura', 'manicure', 'uñas', 'unas', 'pedicura', 'pedicure', 'gelish', 'gel', 'acrílicas'],
    },
  },
  faq: {
    'Do you take walk-ins?': {
      question: '¿Atienden sin cita?',
      answer:
        'Atendemos sin cita cuando hay un estilista libre, ' +
        'pero lo mejor es reservar para conseguir la hora que quiere.',
      keywords: ['sin cita', 'llegar sin cita', 'sin reservar', 'puedo llegar', 'walk in'],
    },
    'What is your cancellation policy?': {
      question: '¿Cuál es su política de cancelación?',
      answer: 'Le pedimos que nos avise con al menos veinticuatro horas para cancelar o cambiar su cita.',
      keywords: [
        'política de cancelación',
        'politica de cancelacion',
        'con cuánto tiempo',
        'con cuanto tiempo aviso',
        'aviso',
      ],
    },
  },
};
